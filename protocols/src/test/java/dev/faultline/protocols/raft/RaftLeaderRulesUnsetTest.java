package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.raft.RaftMessage.SnapshotReply;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code LeaderIndexesFollowReplies} on a member the leader holds no nextIndex for (it sends such a
 * member from its last index + 1 at each use): a SnapshotReply that acknowledges nothing new may
 * leave it unset, as the protocol does; it must not set it to a wrong value. Found by a correct run
 * (a campaign seed at think time 10) that the rule failed before.
 */
class RaftLeaderRulesUnsetTest {
  private static final NodeId S1 = NodeId.of("s1");
  private static final NodeId S3 = NodeId.of("s3");
  private static final long TERM = 4;

  private static RaftState leader() {
    RaftState s =
        new RaftState(S1, RaftConfig.from(List.of(S1, NodeId.of("s2"), S3), null, new TreeMap<>()));
    s.log = new RaftLog(0, 0, List.of());
    for (int i = 0; i < 42; i++) {
      s.log.append(new RaftEntry(TERM, new RaftCommand.NoOp()));
    }
    s.term = TERM;
    s.role = RaftRole.LEADER;
    s.matchIndex.put(S3, 5); // nextIndex unset
    return s;
  }

  /** A snapshot reply of this term for index 5, which s3's matchIndex already holds. */
  private static Step reply() {
    return new Step(0, S1, Step.Kind.MESSAGE, S3, new SnapshotReply(TERM, 5, 1), null, List.of());
  }

  private static RaftState answered(RaftState before) {
    RaftState after = before.copy();
    after.activeSinceCheck.add(S3);
    after.ackedRound.merge(S3, 1, Math::max);
    return after;
  }

  @Test
  void aReplyThatMovesNothingMayLeaveNextIndexUnset() {
    RaftState before = leader();
    assertNull(RaftLeaderRules.reply(reply(), before, answered(before), Long.MIN_VALUE));
  }

  @Test
  void aWrongNextIndexIsStillABreach() {
    RaftState before = leader();
    RaftState after = answered(before);
    after.nextIndex.put(S3, 7);
    String breach = RaftLeaderRules.reply(reply(), before, after, Long.MIN_VALUE);
    assertTrue(breach != null && breach.contains("nextIndex 7"), String.valueOf(breach));
    after.nextIndex.put(S3, 43);
    assertEquals(null, RaftLeaderRules.reply(reply(), before, after, Long.MIN_VALUE));
  }
}
