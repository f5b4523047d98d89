package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.raft.RaftSpec;
import dev.faultline.protocols.raft.RaftState;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeRenaming;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Checks the symmetry reduction's keys against the unreduced state space of Raft's golden search (3
 * servers, no clients, PreVote and CheckQuorum off, depth 6): the reduced search visits exactly one
 * state per key class of the full space, a class never holds more states than there are
 * permutations, and the states a class merges agree on everything a renaming cannot change. Also
 * that {@link RaftState#renamed} by a permutation and back fingerprints like the original.
 */
class RaftSymmetryOrbitTest {
  private static final List<NodeId> SERVERS = List.of(id("s1"), id("s2"), id("s3"));

  private static NodeId id(String name) {
    return NodeId.of(name);
  }

  private static Cluster raft() {
    TreeMap<String, String> options = new TreeMap<>();
    options.put("preVote", "false");
    options.put("checkQuorum", "false");
    return new RaftSpec().build(new ClusterParams(3, null, List.of(), options));
  }

  @Test
  void reducedSearchVisitsOneStatePerKeyClassOfTheFullSpace() {
    Cluster cluster = raft();
    ExploreOptions plain = ExploreOptions.defaults().withMaxDepth(6);
    ExploreModel model = new ExploreModel(cluster, plain);
    SymmetryReduction symmetry = new SymmetryReduction(model.ids, servers(model), SERVERS);
    List<SearchState> all = everyState(model, 6);
    assertEquals(6245, all.size(), "the golden count of the full space");
    Map<List<Long>, List<SearchState>> classes = new HashMap<>();
    for (SearchState s : all) {
      symmetry.canonicalize(s);
      classes.computeIfAbsent(List.of(s.keyHigh, s.keyLow), k -> new ArrayList<>()).add(s);
    }
    ExploreModel reducedModel = new ExploreModel(cluster, plain.withSymmetry(SERVERS));
    assertEquals(classes.size(), everyState(reducedModel, 6).size());
    for (List<SearchState> members : classes.values()) {
      assertTrue(members.size() <= symmetry.permutations(), "a class is at most one orbit");
      String shape = shape(members.getFirst());
      for (SearchState s : members) {
        assertEquals(shape, shape(s), "a class merges only states equal up to renaming");
      }
    }
    assertTrue(classes.size() < all.size(), "the reduction merges renamed states");
  }

  @Test
  void renamingThereAndBackFingerprintsLikeTheOriginal() {
    ExploreModel model = new ExploreModel(raft(), ExploreOptions.defaults().withMaxDepth(5));
    NodeRenaming rotate = new NodeRenaming(SERVERS, List.of(id("s2"), id("s3"), id("s1")));
    NodeRenaming back = new NodeRenaming(List.of(id("s2"), id("s3"), id("s1")), SERVERS);
    NodeRenaming identity = new NodeRenaming(SERVERS, SERVERS);
    int checked = 0;
    for (SearchState s : everyState(model, 5)) {
      for (NodeSlot slot : s.nodes) {
        if (slot.state instanceof RaftState r) {
          long original = NodeSlot.stateFingerprint(r);
          assertEquals(original, NodeSlot.stateFingerprint(r.renamed(identity)));
          assertEquals(original, NodeSlot.stateFingerprint(r.renamed(rotate).renamed(back)));
          assertEquals(original, NodeSlot.stateFingerprint(r), "renamed() changed the original");
          checked++;
        }
      }
    }
    assertTrue(checked > 1000, "checked " + checked);
  }

  private static boolean[] servers(ExploreModel model) {
    boolean[] server = new boolean[model.ids.length];
    java.util.Arrays.fill(server, true);
    return server;
  }

  /** Every state within {@code depth} steps of the start, deduplicated by the model's keys. */
  private static List<SearchState> everyState(ExploreModel model, int depth) {
    SearchState start = model.initial();
    Set<List<Long>> seen = new HashSet<>();
    List<SearchState> out = new ArrayList<>();
    ArrayDeque<SearchState> level = new ArrayDeque<>(List.of(start));
    seen.add(List.of(start.keyHigh, start.keyLow));
    out.add(start);
    for (int d = 0; d < depth; d++) {
      ArrayDeque<SearchState> next = new ArrayDeque<>();
      for (SearchState s : level) {
        for (Choice c : model.choices(s)) {
          SearchState t = model.apply(s, c);
          if (t != null && seen.add(List.of(t.keyHigh, t.keyLow))) {
            out.add(t);
            next.add(t);
          }
        }
      }
      level = next;
    }
    return out;
  }

  /**
   * What no renaming changes: the sorted per-server (role, term, log length, commit) and counts.
   */
  private static String shape(SearchState s) {
    List<String> servers = new ArrayList<>();
    for (NodeSlot slot : s.nodes) {
      RaftState r = (RaftState) slot.state;
      servers.add(
          r.role()
              + "/"
              + r.term()
              + "/"
              + r.log().lastIndex()
              + "/"
              + r.commitIndex()
              + "/"
              + (r.votedFor() == null)
              + "/"
              + slot.timers.length);
    }
    servers.sort(null);
    return servers + " in flight " + s.inFlight.length;
  }
}
