package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.common.EndState;
import dev.faultline.protocols.common.InvariantReuse;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.InvariantSupply;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Explorer;
import dev.faultline.sim.explore.Goal;
import dev.faultline.sim.rand.Rng;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Primary/backup's invariants reset for reuse ({@link Invariant#resetForReuse}, which the explorer
 * does instead of building fresh instances per check) say exactly what fresh instances say: on
 * random edits of a cluster's states that break every property (each check episode run by fresh
 * instances and by one reused set, reset between episodes; the view server's log grows in place
 * within an episode, so the incremental reads are exercised), and in whole searches, where every
 * result field must equal that of a search whose invariants cannot reset (so it builds fresh ones
 * per check, as before).
 */
class PbInvariantsReuseTest {
  static final NodeId VS = PbSpec.VIEW_SERVER;
  static final List<NodeId> SERVERS = new PbSpec().serverIds(3);
  static final List<NodeId> CLIENTS = List.of(NodeId.of("c1"), NodeId.of("c2"));

  static List<Invariant> fresh() {
    return PbInvariants.all(VS, SERVERS, CLIENTS);
  }

  @Test
  void everyInvariantResets() {
    for (Invariant inv : fresh()) {
      assertTrue(inv.resetForReuse(), inv.name());
    }
    for (Invariant inv : PbEventually.all(VS, SERVERS)) {
      assertTrue(inv.resetForReuse(), inv.name());
    }
  }

  @Test
  void resetInstancesAgreeWithFreshOnesOnRandomEdits() {
    TreeSet<String> violated = new TreeSet<>();
    long checks = 0;
    for (long seed = 1; seed <= 200; seed++) {
      Rng rng = Rng.derived(seed, "pb-reuse-episodes");
      RandomCluster cluster = new RandomCluster(rng);
      List<Invariant> reused = fresh();
      List<Invariant> fresh = fresh();
      int left = 0;
      for (int step = 0; step < 150; step++) {
        if (left-- == 0) { // a new episode: as the explorer's next check
          left = rng.nextInt(4);
          fresh = fresh();
          for (Invariant inv : reused) {
            assertTrue(inv.resetForReuse(), inv.name());
          }
        }
        cluster.edit();
        SystemView view = cluster.systemView();
        for (int i = 0; i < fresh.size(); i++) {
          String want = fresh.get(i).check(view);
          String got = reused.get(i).check(view);
          assertEquals(want, got, fresh.get(i).name() + ", seed " + seed + ", step " + step);
          if (want != null) {
            violated.add(fresh.get(i).name());
          }
          checks++;
        }
      }
    }
    System.out.println("pb reset vs fresh on random edits: " + checks + " checks, identical");
    TreeSet<String> all = new TreeSet<>();
    fresh().forEach(inv -> all.add(inv.name()));
    assertEquals(all, violated, "every property must break somewhere for the comparison to count");
  }

  /**
   * A view server, three servers and two clients whose fields take small random values; the view
   * server's log of changes grows in place (the incremental reads continue), is sometimes copied
   * (as the explorer's state copies are: read again from the start) or starts over (a restart).
   */
  static final class RandomCluster {
    private final Rng rng;
    private ViewServerState vs = new ViewServerState();
    private final PbServerState[] servers = new PbServerState[SERVERS.size()];
    private final PbClientState[] clients = new PbClientState[CLIENTS.size()];

    RandomCluster(Rng rng) {
      this.rng = rng;
      for (int i = 0; i < servers.length; i++) {
        servers[i] = new PbServerState(1);
      }
      for (int i = 0; i < clients.length; i++) {
        clients[i] = new PbClientState();
      }
    }

    void edit() {
      switch (rng.nextInt(8)) {
        case 0, 1 -> {
          if (vs == null) {
            vs = restarted();
          }
          vs.logChange(change());
        }
        case 2 -> vs = rng.chance(0.8) ? copyOf(vs) : (rng.chance(0.5) ? null : restarted());
        case 3 -> vs = vs == null ? restarted() : copyOf(vs);
        case 4, 5 -> editServer(rng.nextInt(servers.length));
        default -> editClient(rng.nextInt(clients.length));
      }
      if (vs != null && rng.chance(0.3)) {
        vs.view = view();
        vs.halted = rng.chance(0.05);
      }
    }

    private ViewServerState restarted() {
      return new ViewServerState();
    }

    private static ViewServerState copyOf(ViewServerState vs) {
      return vs == null ? null : vs.copy();
    }

    /** A change to a view with a primary; mostly the next number, sometimes a skip. */
    private ViewServerState.ViewChange change() {
      View from = view();
      long num = rng.chance(0.8) ? from.num() + 1 : 1 + rng.nextInt(5);
      NodeId primary = node();
      if (rng.chance(0.6) && from.num() > 0) { // mostly promote the old backup or keep the primary
        primary = rng.chance(0.5) || from.backup() == null ? from.primary() : from.backup();
      }
      return new ViewServerState.ViewChange(
          from, new View(num, primary, nodeOrNull(0.4)), rng.chance(0.9));
    }

    /** A view; view 0 has no servers, every other one a primary. */
    private View view() {
      int num = rng.nextInt(5);
      return num == 0 ? View.STARTUP : new View(num, node(), nodeOrNull(0.4));
    }

    private NodeId node() {
      return SERVERS.get(rng.nextInt(SERVERS.size()));
    }

    private NodeId nodeOrNull(double nullChance) {
      return rng.chance(nullChance) ? null : node();
    }

    private void editServer(int i) {
      if (rng.chance(0.1)) {
        servers[i] = servers[i] == null ? new PbServerState(1 + rng.nextInt(3)) : null;
        return;
      }
      PbServerState s = servers[i] == null ? new PbServerState(1) : servers[i].copy();
      servers[i] = s;
      switch (rng.nextInt(4)) {
        case 0 -> s.view = rng.chance(0.5) ? view() : viewWith(SERVERS.get(i));
        case 1 -> s.installedViewNum = rng.nextInt(5) - 1;
        case 2 -> {
          s.transferDone = rng.chance(0.7);
          s.backupIncarnation = 1 + rng.nextInt(3);
        }
        default -> {
          int c = rng.nextInt(clients.length);
          s.sessions.execute(s.kv, CLIENTS.get(c).name(), 1 + rng.nextInt(3), "put", "x", "v");
        }
      }
    }

    private View viewWith(NodeId primary) {
      return new View(1 + rng.nextInt(4), primary, nodeOrNull(0.3));
    }

    private void editClient(int i) {
      PbClientState c = clients[i].copyRouting();
      c.ackedWriteSeq = rng.nextInt(4);
      clients[i] = c;
    }

    SystemView systemView() {
      EndState e = new EndState();
      if (vs != null) {
        e.up(VS.name(), vs);
      }
      for (int i = 0; i < servers.length; i++) {
        if (servers[i] != null) {
          e.up(SERVERS.get(i).name(), servers[i]);
        }
      }
      for (int i = 0; i < clients.length; i++) {
        e.up(CLIENTS.get(i).name(), clients[i]);
      }
      return e;
    }
  }

  @Test
  void searchesWithReusedInvariantsEqualSearchesWithFreshOnes() {
    for (int threads : new int[] {1, 2}) {
      ExploreResult golden =
          sameBothWays(null, List.of(), ExploreOptions.defaults().withMaxDepth(7), threads, null);
      assertEquals(EndCondition.BOUND_REACHED, golden.end(), golden.summary());
      assertEquals(13161, golden.uniqueStates(), golden.summary());
      ExploreResult b1 =
          sameBothWays(
              "B1",
              List.of(List.of(new ClientOp("put", "x", "c1-1"))),
              ExploreOptions.defaults().withMaxDepth(6),
              threads,
              readyView());
      assertEquals(EndCondition.VIOLATION, b1.end(), b1.summary());
      assertEquals("BackupHasAckedWrites", b1.property());
    }
  }

  /** BFS from boot (correct protocol, no clients) to the first ready view: 12 steps. */
  static List<ExploreAction> readyView() {
    ClusterParams params = new ClusterParams(2, null, List.of(), new TreeMap<>());
    PbSpec spec = new PbSpec();
    ExploreResult r =
        new Explorer(
                spec.build(params),
                spec.invariantSupply(params),
                List.of(new Goal("Ready", PbGoals::ready)),
                ExploreOptions.defaults().withStopAtGoal(true))
            .explore();
    assertEquals(EndCondition.GOAL_REACHED, r.end(), r.summary());
    return r.path();
  }

  /** The search with PB's supply (reused instances) and with unresettable ones; equal results. */
  private static ExploreResult sameBothWays(
      String variant,
      List<List<ClientOp>> workload,
      ExploreOptions options,
      int threads,
      List<ExploreAction> prefix) {
    int servers = prefix == null ? 3 : 2;
    ClusterParams params = new ClusterParams(servers, variant, workload, new TreeMap<>());
    PbSpec spec = new PbSpec();
    InvariantSupply reused = spec.invariantSupply(params);
    AtomicInteger built = new AtomicInteger();
    InvariantSupply counted =
        InvariantSupply.filtering(
            () -> {
              built.incrementAndGet();
              return reused.all().get();
            });
    InvariantSupply fresh =
        InvariantSupply.filtering(() -> InvariantReuse.unresettable(reused.all().get()));
    List<ExploreAction> start = prefix == null ? List.of() : prefix;
    ExploreResult a =
        new Explorer(spec.build(params), counted, List.of(), options)
            .withThreads(threads)
            .explore(start);
    ExploreResult b =
        new Explorer(spec.build(params), fresh, List.of(), options)
            .withThreads(threads)
            .explore(start);
    InvariantReuse.assertSameResult(b, a);
    // The reuse really happens: a handful of lists per search (per thread, the replay of the
    // prefix and the re-check of a violation), not one per check. The parallel engine builds each
    // worker's list anew every BFS round (so that the collector cannot leave two workers' written
    // objects side by side in one cache line): a few more per round, still far below one per check.
    long allowed = threads == 1 ? 8 : 8 + a.states() / 1_000;
    assertTrue(built.get() <= allowed, built.get() + " lists built for " + a.states() + " steps");
    return a;
  }
}
