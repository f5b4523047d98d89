package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.protocols.raft.GuardBreakingServer.Guard;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The episodes the swarm draws only with {@code swarmRarePaths} ({@link RaftSwarmEpisodes}): each
 * seed without the option draws exactly its old faults, and each episode reaches the guard it aims
 * at, shown by planted servers that break the guard.
 */
class RaftSwarmEpisodesTest {
  private static final long DURATION_TICKS = 3_000;

  @Test
  void withoutTheOptionEverySeedDrawsAsBefore() {
    int episodes = 0;
    for (long seed = 1; seed <= 400; seed++) {
      for (int servers : new int[] {3, 5}) {
        List<NodeId> ids = new RaftSpec().serverIds(servers);
        SortedMap<String, String> plain = drawnOptions(seed, servers, null);
        List<ScheduledFault> before = racing(seed, plain, ids);
        assertEquals(before, faults(seed, plain, ids), "seed " + seed);
        SortedMap<String, String> off = drawnOptions(seed, servers, "false");
        assertEquals(before, faults(seed, off, ids), "seed " + seed);
        SortedMap<String, String> rare = drawnOptions(seed, servers, "true");
        List<ScheduledFault> withOption = faults(seed, rare, ids);
        List<ScheduledFault> racingWithOption = racing(seed, rare, ids);
        if (!racingWithOption.isEmpty()) {
          assertEquals(racingWithOption, withOption, "seed " + seed + ": racing faults kept");
        } else if (!withOption.isEmpty()) {
          episodes++;
        }
      }
    }
    assertTrue(episodes > 800 * 0.45 && episodes < 800 * 0.65, episodes + " of 800 draws");
  }

  /**
   * Stale replies after a term change: an AppendReply of an earlier term than its receiver's
   * reaches {@code onAppendReply} on many episode seeds, sometimes at a leader re-elected since
   * (the term guard decides there), and never on the same seeds without the episode.
   */
  @Test
  void staleRepliesReachALaterTerm() {
    int laterTerm = 0;
    int atLeader = 0;
    for (long seed = 1; seed <= 40; seed++) {
      List<ScheduledFault> episode =
          RaftSwarmEpisodes.staleReplies(
              Rng.derived(seed, "episode"), new RaftSpec().serverIds(5), 300, DURATION_TICKS);
      int[] reached = {0, 0};
      run(seed, 5, episode, Guard.STALE_APPEND_REPLY, reached);
      atLeader += reached[0] > 0 ? 1 : 0;
      laterTerm += reached[1] > 0 ? 1 : 0;
      int[] without = {0, 0};
      run(seed, 5, List.of(), Guard.STALE_APPEND_REPLY, without);
      assertEquals(0, without[1], "seed " + seed + " without the episode");
    }
    assertTrue(laterTerm >= 15, laterTerm + " of 40 seeds");
    assertTrue(atLeader >= 1, atLeader + " of 40 seeds");
  }

  /**
   * Divergent logs: the cut-off leader, whose log is longer and of an older last term, asks voters
   * whose logs are shorter and of a newer one; a server that compares logs by length alone grants
   * it, which {@code VotesForUpToDateLogs} reports on almost every seed, and on none without the
   * episode.
   */
  @Test
  void divergentLogsCatchVotesByLengthAlone() {
    int caught = 0;
    for (long seed = 1; seed <= 30; seed++) {
      int servers = seed % 2 == 0 ? 5 : 3;
      List<ScheduledFault> episode =
          RaftSwarmEpisodes.divergentLogs(
              Rng.derived(seed, "episode"), servers, 300, DURATION_TICKS);
      ClusterRun.Result planted =
          run(seed, servers, episode, Guard.VOTES_BY_LENGTH, new int[] {0, 0});
      if (planted.property() != null) {
        assertEquals("VotesForUpToDateLogs", planted.property(), planted.message());
        caught++;
      }
      ClusterRun.Result without =
          run(seed, servers, List.of(), Guard.VOTES_BY_LENGTH, new int[] {0, 0});
      assertNull(without.property(), "seed " + seed + " without the episode: " + without.message());
    }
    assertTrue(caught >= 24, caught + " of 30 seeds");
  }

  @Test
  void correctRaftPassesEveryEpisode() {
    for (long seed = 1; seed <= 20; seed++) {
      Rng rng = Rng.derived(seed, "episode");
      List<ScheduledFault> stale =
          RaftSwarmEpisodes.staleReplies(rng, new RaftSpec().serverIds(3), 300, DURATION_TICKS);
      ClusterRun.Result r = ClusterRun.run(plan(seed, 3, stale));
      assertNull(r.property(), "seed " + seed + ": " + r.message());
      List<ScheduledFault> divergent = RaftSwarmEpisodes.divergentLogs(rng, 5, 300, DURATION_TICKS);
      r = ClusterRun.run(plan(seed, 5, divergent));
      assertNull(r.property(), "seed " + seed + ": " + r.message());
    }
  }

  private static SortedMap<String, String> drawnOptions(long seed, int servers, String rare) {
    SortedMap<String, String> fixed = new TreeMap<>();
    if (rare != null) {
      fixed.put("swarmRarePaths", rare);
    }
    SortedMap<String, String> o =
        new RaftSpec()
            .swarmOptions(Rng.derived(seed, "swarm-options"), servers, DURATION_TICKS, fixed);
    o.putAll(RaftSwarm.timing(Rng.derived(seed, "swarm-shape")));
    o.putAll(fixed);
    return o;
  }

  private static List<ScheduledFault> faults(
      long seed, SortedMap<String, String> options, List<NodeId> ids) {
    return RaftSwarm.faults(Rng.derived(seed, "swarm-protocol"), options, ids, DURATION_TICKS);
  }

  /** What {@link RaftSwarm#faults} drew before the episodes: its racing-plan faults. */
  private static List<ScheduledFault> racing(
      long seed, SortedMap<String, String> options, List<NodeId> ids) {
    SortedMap<String, String> without = new TreeMap<>(options);
    without.remove("swarmRarePaths");
    return faults(seed, without, ids);
  }

  private static ClusterRun.Result run(
      long seed, int servers, List<ScheduledFault> faults, Guard guard, int[] reached) {
    PlantedSpec planted =
        new PlantedSpec(
            new RaftSpec(),
            "raft with the guard " + guard + " broken",
            (nodes, ids) -> {
              for (NodeId s : ids) {
                RaftNode correct = (RaftNode) nodes.get(s);
                nodes.put(s, new GuardBreakingServer(correct, guard, reached));
              }
            });
    return ClusterRun.run(planted.on(plan(seed, servers, faults)));
  }

  private static RunPlan plan(long seed, int servers, List<ScheduledFault> faults) {
    TreeMap<String, String> options = new TreeMap<>();
    options.put("checkRules", "true");
    options.put("snapshotEvery", "4");
    options.put("maxEntriesPerAppend", "2");
    return RunPlan.of(
        new RaftSpec(),
        servers,
        null,
        workload(),
        options,
        seed,
        NetworkConfig.RELIABLE,
        faults,
        DURATION_TICKS,
        2_000);
  }

  /** 3 clients, 20 operations each, 100 ticks apart. */
  private static List<List<ClientOp>> workload() {
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= 3; c++) {
      List<ClientOp> ops = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String key = "k" + (i % 2);
        ops.add(
            i % 3 == 0
                ? new ClientOp("get", key, null, 100 + 100L * i)
                : new ClientOp("append", key, "c" + c + "-" + i, 100 + 100L * i));
      }
      workload.add(ops);
    }
    return workload;
  }
}
