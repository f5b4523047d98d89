package dev.faultline.protocols.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.common.EchoKv.Armed;
import dev.faultline.protocols.common.EchoKv.Cancelled;
import dev.faultline.protocols.common.EchoKv.Gossip;
import dev.faultline.protocols.common.EchoKv.Msg;
import dev.faultline.protocols.common.EchoKv.NextOp;
import dev.faultline.protocols.common.EchoKv.Recorded;
import dev.faultline.protocols.common.EchoKv.Reply;
import dev.faultline.protocols.common.EchoKv.Request;
import dev.faultline.protocols.common.EchoKv.Retry;
import dev.faultline.protocols.common.EchoKv.Sent;
import dev.faultline.protocols.common.EchoKv.Tmr;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared client against a scripted server side: script, retries, redirects, history. */
class KvClientTest {
  private static final NodeId S1 = NodeId.of("s1");
  private static final NodeId S2 = NodeId.of("s2");
  private static final NodeId S3 = NodeId.of("s3");
  private static final NodeId C1 = NodeId.of("c1");
  private static final int PROCESS = 1; // first tries SERVERS[1 % 3] = s2

  private final EchoKv.Out out = new EchoKv.Out();

  private KvClient<LeaderClientState, Msg, Tmr> client(ClientOp... script) {
    return new KvClient<>(new EchoKv.Adapter(), PROCESS, List.of(script));
  }

  private static Sent request(NodeId to, long seq, String f, String key, String value) {
    return new Sent(to, new Request(new KvRequest(C1, seq, f, key, value)));
  }

  private static Recorded invoke(String f, String key, String value) {
    return new Recorded(HistoryEvent.invoke(PROCESS, f, key, value));
  }

  /** What starting (or resending after a timeout) a request does: invoke, send, arm the retry. */
  private static List<EchoKv.Effect> started(
      NodeId to, long seq, String f, String key, String value) {
    return List.of(
        invoke(f, key, "get".equals(f) ? null : value),
        request(to, seq, f, key, value),
        new Armed(new Retry(seq), EchoKv.RETRY_TICKS));
  }

  private static Recorded ok(String f, String key, String value) {
    return new Recorded(HistoryEvent.complete(PROCESS, HistoryEvent.Type.OK, f, key, value));
  }

  @Test
  void issuesInOrderAndRecordsInvokeThenOk() {
    var c = client(new ClientOp("put", "k", "v1"), new ClientOp("get", "k", null));
    LeaderClientState s = c.init(C1, null, out);
    assertEquals(started(S2, 1, "put", "k", "v1"), out.take());

    c.onMessage(s, S2, new Reply(1, true, "", null), out);
    assertEquals(
        List.of(
            ok("put", "k", "v1"), // a write completes with the value it wrote
            new Cancelled(new Retry(1)),
            invoke("get", "k", null), // a get's invoke has no value
            request(S2, 2, "get", "k", null),
            new Armed(new Retry(2), EchoKv.RETRY_TICKS)),
        out.take());

    c.onMessage(s, S2, new Reply(2, true, "v1", null), out);
    assertEquals(List.of(ok("get", "k", "v1"), new Cancelled(new Retry(2))), out.take());
    assertFalse(s.inFlight());
    assertEquals(2, s.seq());
  }

  @Test
  void aLateOrForeignMessageChangesNothing() {
    var c = client(new ClientOp("put", "k", "v1"), new ClientOp("put", "k", "v2"));
    LeaderClientState s = c.init(C1, null, out);
    c.onMessage(s, S2, new Reply(1, true, "", null), out);
    out.take();
    long before = Fingerprints.of(s);
    c.onMessage(s, S2, new Reply(1, true, "", null), out); // a duplicate answer to seq 1
    c.onMessage(s, S3, new Reply(1, false, "", S1), out); // a late refusal of seq 1
    c.onMessage(s, S3, new Gossip(), out);
    c.onTimer(s, new Retry(1), out); // a stale retry
    assertEquals(List.of(), out.take());
    assertEquals(before, Fingerprints.of(s));
  }

  @Test
  void waitsForNotBeforeTickReadingTheMiddleOfTheClock() {
    var c = client(new ClientOp("put", "k", "v1", 50));
    out.clock = new ClockReading(6, 14); // now = 10
    LeaderClientState s = c.init(C1, null, out);
    assertEquals(List.of(new Armed(new NextOp(), 40)), out.take());
    assertFalse(s.inFlight());

    out.clock = new ClockReading(45, 49); // the local clock ran slow: not due yet, wait again
    c.onTimer(s, new NextOp(), out);
    assertEquals(List.of(new Armed(new NextOp(), 3)), out.take());

    out.clock = new ClockReading(48, 52);
    c.onTimer(s, new NextOp(), out);
    assertEquals(started(S2, 1, "put", "k", "v1"), out.take());
    assertTrue(s.inFlight());
  }

  @Test
  void aTimeoutResendsTheSameSeqToTheNextServer() {
    var c = client(new ClientOp("append", "k", "x"));
    LeaderClientState s = c.init(C1, null, out);
    out.take();
    c.onTimer(s, new Retry(1), out);
    assertEquals(
        List.of(request(S3, 1, "append", "k", "x"), new Armed(new Retry(1), EchoKv.RETRY_TICKS)),
        out.take());
    c.onTimer(s, new Retry(1), out);
    assertEquals(request(S1, 1, "append", "k", "x"), out.take().get(0)); // round-robin wraps
  }

  @Test
  void aRefusalFollowsTheHintOnceAfterABackoff() {
    var c = client(new ClientOp("put", "k", "v1"));
    LeaderClientState s = c.init(C1, null, out);
    out.take();

    c.onMessage(s, S2, new Reply(1, false, "", S1), out);
    assertEquals(
        List.of(new Armed(new Retry(1), LeaderClientAdapter.REDIRECT_BACKOFF_TICKS)), out.take());
    c.onTimer(s, new Retry(1), out); // after a refusal the retry goes to the hint, no rotation
    assertEquals(request(S1, 1, "put", "k", "v1"), out.take().get(0));

    // s1 points back at s2: a second hint in a row is not followed (no ping-pong); round-robin.
    c.onMessage(s, S1, new Reply(1, false, "", S2), out);
    c.onTimer(s, new Retry(1), out);
    assertEquals(request(S3, 1, "put", "k", "v1"), out.take().get(1));

    // An unknown leader: round-robin too.
    c.onMessage(s, S3, new Reply(1, false, "", null), out);
    c.onTimer(s, new Retry(1), out);
    assertEquals(request(S1, 1, "put", "k", "v1"), out.take().get(1));

    c.onMessage(s, S1, new Reply(1, true, "", null), out);
    assertEquals(ok("put", "k", "v1"), out.take().get(0));
  }

  @Test
  void aStartOnTimerAdapterArmsTheNextOpTimerEvenWhenDue() {
    var adapter =
        new EchoKv.Adapter() {
          @Override
          public boolean startsEveryOpOnTimer() {
            return true;
          }
        };
    var c = new KvClient<>(adapter, PROCESS, List.of(new ClientOp("put", "k", "v1")));
    LeaderClientState s = c.init(C1, null, out);
    assertEquals(List.of(new Armed(new NextOp(), 0)), out.take());
    c.onTimer(s, new NextOp(), out);
    assertEquals(invoke("put", "k", "v1"), out.take().get(0));
    c.onTimer(s, new NextOp(), out); // a second firing while in flight starts nothing
    assertEquals(List.of(), out.take());
  }

  @Test
  void aCopyIsIndependentAndTheFingerprintSeesEveryField() {
    var c = client(new ClientOp("put", "k", "v1"));
    LeaderClientState s = c.init(C1, null, out);
    LeaderClientState copy = s.copy();
    assertEquals(Fingerprints.of(s), Fingerprints.of(copy));

    c.onTimer(copy, new Retry(1), out); // the copy rotates to s3; the original still guesses s2
    assertNotEquals(Fingerprints.of(s), Fingerprints.of(copy));
    assertEquals(1, s.leader().guess());
    assertEquals(2, copy.leader().guess());

    LeaderClientState answered = s.copy();
    c.onMessage(answered, S2, new Reply(1, true, "", null), out);
    assertNotEquals(Fingerprints.of(s), Fingerprints.of(answered));
    assertTrue(s.inFlight());
  }
}
