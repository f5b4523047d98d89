package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.trace.TraceSink;
import dev.faultline.sim.world.ClockConfig;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The cheaper RaftState/RaftLog (copy-on-write log, per-peer arrays instead of TreeMaps and
 * TreeSets, hand-written fingerprints) keep what the explorer and the determinism checks rely on:
 * the fingerprint bytes are exactly those of the generic encoding of the old representation, a copy
 * fingerprints like its original, and writing to a copy never shows in the original (nor the other
 * way round). Checked on states sampled from seeded random runs: snapshots, InstallSnapshot,
 * membership changes, leaders with per-peer indices, ReadIndex reads.
 */
class RaftStateCopyPerfTest {

  static HashCode reference(RaftState s) {
    Hasher h = Hashing.murmur3_128(0).newHasher();
    RaftImplementationInvariants.ReferenceFingerprint.put(s, h);
    return h.hash();
  }

  static HashCode current(RaftState s) {
    Hasher h = Hashing.murmur3_128(0).newHasher();
    s.fingerprint(h);
    return h.hash();
  }

  /** Writes to every copy-on-write part of {@code s}. */
  static void scribble(RaftState s) {
    s.log.append(new RaftEntry(s.term + 1, new RaftCommand.NoOp()));
    if (s.log.lastIndex() - 1 > s.log.baseIndex()) {
      s.log.truncateFrom(s.log.lastIndex() - 1);
    }
    s.nextIndex.put(NodeId.of("s9"), 99);
    s.matchIndex.put(NodeId.of("s1"), 98);
    s.ackedRound.merge(NodeId.of("s2"), 97, Math::max);
    s.votes.add(NodeId.of("s8"));
    s.activeSinceCheck.add(NodeId.of("s7"));
    s.writableSessions().execute(s.writableKv(), "c9", 1, "put", "zz", "scribbled");
  }

  @Test
  void fingerprintsAndCopiesBehaveAsBefore() {
    int[] sampled = new int[1];
    TreeSet<String> seen = new TreeSet<>(); // which state features the samples covered
    for (long seed = 1; seed <= 12; seed++) {
      RaftFuzzPlan plan = RaftFuzzPlan.draw(seed, seed % 3 == 0);
      Cluster built =
          new RaftSpec()
              .build(new ClusterParams(plan.servers(), null, plan.workload(), plan.options()));
      long[] checks = new long[1];
      Invariant probe =
          new Invariant() {
            @Override
            public String name() {
              return "CopyProbe";
            }

            @Override
            public String check(SystemView view) {
              if (checks[0]++ % 29 != 0) {
                return null;
              }
              for (NodeId id : view.nodes()) {
                RaftState s = view.stateAs(id, RaftState.class);
                if (s != null) {
                  probe(s, seen);
                  sampled[0]++;
                }
              }
              return null;
            }
          };
      Cluster cluster =
          new Cluster(built.nodes(), built.servers(), built.clients(), List.of(probe));
      long total = plan.durationTicks() + plan.stabilizeTicks();
      World w =
          new World(
              new WorldConfig(seed, plan.network(), ClockConfig.DEFAULT, total, 50_000_000L),
              cluster,
              TraceSink.NONE);
      w.start("raft", null, "copy-perf");
      w.schedule(plan.faults());
      w.schedule(
          FaultSchedule.builder().at(plan.durationTicks(), new Fault.StabilizeAll()).build());
      w.runUntil(total);
    }
    System.out.println("sampled " + sampled[0] + " server states covering " + seen);
    assertTrue(sampled[0] > 1000, "samples: " + sampled[0]);
    assertEquals(
        new TreeSet<>(
            List.of("compacted", "config", "leader-peers", "votes", "active", "reads", "kv")),
        seen);
  }

  private static void probe(RaftState s, TreeSet<String> seen) {
    HashCode before = current(s);
    assertEquals(reference(s), before, "fingerprint bytes of " + s);
    RaftState c = s.copy();
    assertEquals(before, current(c), "a copy fingerprints like its original: " + s);
    scribble(c);
    assertEquals(before, current(s), "writing to a copy changed the original: " + s);
    assertEquals(reference(c), current(c), "fingerprint bytes after writes: " + c);
    // And the other way round: the original writes, a second copy keeps the old state.
    RaftState d = s.copy();
    HashCode copyBefore = current(d);
    RaftState original = s.copy(); // stands in for s, which the world still uses
    scribble(original);
    assertEquals(copyBefore, current(d), "writing to the original changed a copy");
    if (s.log.baseIndex() > 0) {
      seen.add("compacted");
    }
    if (s.log.lastConfigIndex() > 0) {
      seen.add("config");
    }
    if (s.matchIndex.size() > 0) {
      seen.add("leader-peers");
    }
    if (s.votes.size() > 1) {
      seen.add("votes");
    }
    if (s.activeSinceCheck.size() > 0) {
      seen.add("active");
    }
    if (!s.pendingReads.isEmpty()) {
      seen.add("reads");
    }
    if (!s.kv.snapshot().isEmpty()) {
      seen.add("kv");
    }
  }
}
