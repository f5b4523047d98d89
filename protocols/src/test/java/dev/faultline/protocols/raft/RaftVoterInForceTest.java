package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.NodeId;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link RaftState#isVoterInForce} keeps its answer per configuration object: it must follow every
 * change of the configuration in force (a configuration entry appended or truncated away, a new
 * log) exactly as asking the configuration each time does.
 */
class RaftVoterInForceTest {
  private static final NodeId S1 = NodeId.of("s1");
  private static final NodeId S2 = NodeId.of("s2");
  private static final NodeId S3 = NodeId.of("s3");
  private static final List<NodeId> THREE = List.of(S1, S2, S3);

  @Test
  void followsConfigurationEntriesAndTruncations() {
    RaftState s = new RaftState(S1, RaftConfig.from(THREE, null, new TreeMap<>()));
    s.log = new RaftLog(0, 0, List.of());
    assertTrue(s.isVoterInForce());
    s.log.append(new RaftEntry(1, new RaftCommand.ConfigCommand(Membership.of(List.of(S2, S3)))));
    assertFalse(s.isVoterInForce(), "a configuration without s1 is in force");
    s.log.truncateFrom(1);
    assertTrue(s.isVoterInForce(), "the initial configuration is in force again");
  }

  @Test
  void sameAnswerAsTheConfigurationOnRandomChanges() {
    SplittableRandom random = new SplittableRandom(7);
    List<List<NodeId>> sets = List.of(THREE, List.of(S2, S3), List.of(S1, S2), List.of(S3));
    RaftState s = new RaftState(S1, RaftConfig.from(THREE, null, new TreeMap<>()));
    s.log = new RaftLog(0, 0, List.of());
    for (int i = 0; i < 2_000; i++) {
      int what = random.nextInt(3);
      if (what == 0) {
        Membership m = Membership.of(sets.get(random.nextInt(sets.size())));
        s.log.append(new RaftEntry(1, new RaftCommand.ConfigCommand(m)));
      } else if (what == 1) {
        s.log.append(new RaftEntry(1, new RaftCommand.NoOp()));
      } else if (s.log.lastIndex() > s.log.baseIndex()) {
        s.log.truncateFrom(
            s.log.baseIndex() + 1 + random.nextInt((int) (s.log.lastIndex() - s.log.baseIndex())));
      }
      assertEquals(s.membership().isVoter(S1), s.isVoterInForce(), "step " + i);
    }
  }
}
