package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.protocols.raft.RaftCommand.NoOp;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The invariants the bug scenarios do not reach (LogMatching, LeaderAppendOnly) can fail too:
 * hand-made states that break them are reported.
 */
class RaftInvariantsTest {
  static final RaftConfig CONFIG =
      RaftConfig.from(List.of(NodeId.of("s1"), NodeId.of("s2")), null, new TreeMap<>(Map.of()));

  static RaftState server(String name, long term, RaftRole role, long... entryTerms) {
    RaftState s = new RaftState(NodeId.of(name), CONFIG);
    s.term = term;
    s.role = role;
    for (long t : entryTerms) {
      s.log.append(new RaftEntry(t, new NoOp()));
    }
    return s;
  }

  static SystemView view(RaftState... states) {
    return viewWithDisk(null, states);
  }

  /** As {@link #view}, with {@code disk} as every node's durable record. */
  static SystemView viewWithDisk(Durable disk, RaftState... states) {
    TreeMap<NodeId, RaftState> m = new TreeMap<>();
    for (RaftState s : states) {
      m.put(s.self(), s);
    }
    return new SystemView() {
      public long tick() {
        return 0;
      }

      public List<NodeId> nodes() {
        return List.copyOf(m.keySet());
      }

      public boolean isUp(NodeId node) {
        return true;
      }

      public NodeState<?> state(NodeId node) {
        return m.get(node);
      }

      public Durable durable(NodeId node) {
        return disk;
      }

      public List<HistoryEvent> history() {
        return List.of();
      }
    };
  }

  static Invariant named(String name) {
    return RaftInvariants.fresh().stream().filter(i -> i.name().equals(name)).findFirst().get();
  }

  @Test
  void logMatchingFlagsSameTermDifferentPrefix() {
    Invariant inv = named("LogMatching");
    RaftState a = server("s1", 3, RaftRole.FOLLOWER, 1, 1, 3);
    RaftState b = server("s2", 3, RaftRole.FOLLOWER, 1, 2, 3);
    assertNotNull(inv.check(view(a, b)));
    assertNull(
        inv.check(
            view(
                server("s1", 3, RaftRole.FOLLOWER, 1, 1, 3),
                server("s2", 3, RaftRole.FOLLOWER, 1, 1, 2, 2))));
  }

  @Test
  void leaderAppendOnlyFlagsShrinkingLeaderLog() {
    Invariant inv = named("LeaderAppendOnly");
    RaftState a = server("s1", 2, RaftRole.LEADER, 1, 2, 2);
    assertNull(inv.check(view(a)));
    a.log.append(new RaftEntry(2, new NoOp()));
    assertNull(inv.check(view(a)));
    a.log.truncateFrom(3);
    assertNotNull(inv.check(view(a)));
  }

  @Test
  void electionSafetyRemembersEarlierLeaders() {
    Invariant inv = named("ElectionSafety");
    assertNull(inv.check(view(server("s1", 4, RaftRole.LEADER))));
    // s1 is gone (crashed) but s2 leads the same term later: still two leaders of term 4.
    assertNotNull(inv.check(view(server("s2", 4, RaftRole.LEADER))));
  }
}
