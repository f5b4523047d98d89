package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.protocols.raft.RaftMessage.ClientReply;
import dev.faultline.protocols.raft.RaftMessage.SnapshotReply;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A follower refuses a request of an older term with its current term and the request's round. A
 * leader that crashed (its round counter back at 0) and won a newer term can get such a refusal of
 * a request it sent at round 500 in its old term: counted as an acknowledgement, it would confirm a
 * ReadIndex read of round 3 that the sender never answered, and a stale read could be served. The
 * leader must count it as nothing; a real acknowledgement of round 3 still confirms the read.
 */
class RaftOlderTermRefusalTest {
  private static final NodeId S1 = NodeId.of("s1");
  private static final NodeId S2 = NodeId.of("s2");
  private static final NodeId S3 = NodeId.of("s3");
  private static final NodeId CLIENT = NodeId.of("c1");
  private static final long TERM = 4;
  private static final long READ_ROUND = 3;
  private static final long OLD_ROUND = 500;

  private final RaftNode node =
      new RaftNode(RaftConfig.from(List.of(S1, S2, S3), null, new TreeMap<>()));

  /** s1 leads term 4 with its no-op committed and applied, and one read waiting for round 3. */
  private static RaftState leaderWithRead() {
    RaftState s = new RaftState(S1, RaftConfig.from(List.of(S1, S2, S3), null, new TreeMap<>()));
    s.log.append(new RaftEntry(TERM, new RaftCommand.NoOp()));
    s.term = TERM;
    s.votedFor = S1;
    s.role = RaftRole.LEADER;
    s.leaderId = S1;
    s.commitIndex = 1;
    s.lastApplied = 1;
    s.round = READ_ROUND;
    for (NodeId p : List.of(S2, S3)) {
      s.nextIndex.put(p, 2);
      s.matchIndex.put(p, 1);
    }
    s.pendingReads.add(new RaftState.PendingRead(CLIENT, 1, "k", 1, READ_ROUND));
    return s;
  }

  private List<RaftMessage> deliver(RaftState s, RaftMessage m) {
    Recorder out = new Recorder();
    node.onMessage(s, S3, m, out);
    return out.sent;
  }

  private static boolean answered(List<RaftMessage> sent) {
    return sent.stream().anyMatch(m -> m instanceof ClientReply r && r.ok() && r.seq() == 1);
  }

  @Test
  void anAppendEntriesRefusalOfAnOlderTermConfirmsNoRead() {
    RaftState s = leaderWithRead();
    List<RaftMessage> sent =
        deliver(s, new AppendReply(TERM, false, 7, 0, 0, OLD_ROUND)); // refused term-2 request
    assertTrue(sent.isEmpty(), "answered or sent on an older term's refusal: " + sent);
    assertEquals(1, s.pendingReads.size());
    assertEquals(Long.MIN_VALUE, s.ackedRound.getOrDefault(S3, Long.MIN_VALUE));
    assertTrue(!s.activeSinceCheck.contains(S3));
    assertEquals(2, s.nextIndex.getOrDefault(S3, -1L));

    assertTrue(answered(deliver(s, new AppendReply(TERM, true, 1, 1, 0, READ_ROUND))));
    assertTrue(s.pendingReads.isEmpty());
  }

  @Test
  void aSnapshotRefusalOfAnOlderTermConfirmsNoRead() {
    RaftState s = leaderWithRead();
    List<RaftMessage> sent = deliver(s, new SnapshotReply(TERM, 0, OLD_ROUND));
    assertTrue(sent.isEmpty(), "answered or sent on an older term's refusal: " + sent);
    assertEquals(1, s.pendingReads.size());
    assertEquals(Long.MIN_VALUE, s.ackedRound.getOrDefault(S3, Long.MIN_VALUE));

    assertTrue(answered(deliver(s, new SnapshotReply(TERM, 1, READ_ROUND))));
  }

  @Test
  void aCurrentTermRefusalStillAcknowledgesItsRound() {
    RaftState s = leaderWithRead();
    // s3's log is shorter: it refuses with the hint "retry from 1", and answers round 3 all the
    // same.
    s.nextIndex.put(S3, 2);
    s.matchIndex.put(S3, 0);
    List<RaftMessage> sent = deliver(s, new AppendReply(TERM, false, 1, 0, 1, READ_ROUND));
    assertTrue(answered(sent), String.valueOf(sent));
    assertEquals(1, s.nextIndex.getOrDefault(S3, -1L));
  }

  @Test
  void theStepRuleCallsCountingTheRefusalABreach() {
    RaftState before = leaderWithRead();
    AppendReply refusal = new AppendReply(TERM, false, 7, 0, 0, OLD_ROUND);
    Step step = new Step(0, S1, Step.Kind.MESSAGE, S3, refusal, null, List.of());
    RaftState counted = before.copy();
    counted.activeSinceCheck.add(S3);
    counted.ackedRound.merge(S3, OLD_ROUND, Math::max);
    String breach = RaftLeaderRules.reply(step, before, counted, 0);
    assertTrue(breach != null && breach.contains("stale"), String.valueOf(breach));
    assertNull(RaftLeaderRules.reply(step, before, before.copy(), 0));
  }

  /** Effects that keep what was sent and ignore the rest. */
  private static final class Recorder implements Effects<RaftMessage, RaftTimer> {
    final List<RaftMessage> sent = new ArrayList<>();

    @Override
    public NodeId self() {
      return S1;
    }

    @Override
    public void send(NodeId to, RaftMessage message) {
      sent.add(message);
    }

    @Override
    public void setTimer(RaftTimer timer, long ticksMin, long ticksMax) {}

    @Override
    public void cancelTimer(RaftTimer timer) {}

    @Override
    public void persist(Durable durable) {}

    @Override
    public ClockReading clock() {
      return new ClockReading(0, 0);
    }

    @Override
    public void record(HistoryEvent event) {}

    @Override
    public void annotate(String key, String value) {}
  }
}
