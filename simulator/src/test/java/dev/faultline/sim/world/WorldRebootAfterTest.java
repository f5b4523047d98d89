package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static dev.faultline.sim.world.Fixture.S2;
import static dev.faultline.sim.world.Fixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.trace.HashingTraceSink;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The state-aware {@code reboot-after} nemesis: armed at a tick, it fires on the next node that
 * sets the awaited annotation to a new value in a handler, crashes it right after that handler
 * (what the handler sent still arrives) and restarts it, disk kept, downTicks later.
 */
class WorldRebootAfterTest {

  /**
   * Test protocol: every node annotates "vote" while booting (must never fire). s1 votes at tick 10
   * and s2 at 20, each telling s3 and keeping a disk marker (a restart does not vote again); s3
   * "re-votes" its boot value at 30 (no change: must not fire), votes at 40, and counts what it
   * receives on disk.
   */
  static final class Voter implements Protocol<Voter.State, Voter.Told, Voter.Vote> {
    record Told() implements Message {}

    record Vote(String value) implements Timer {}

    record Count(int received) implements Durable {}

    static final class State implements NodeState<State> {
      NodeId self;
      int received;

      @Override
      public State copy() {
        State s = new State();
        s.self = self;
        s.received = received;
        return s;
      }

      @Override
      public void fingerprint(PrimitiveSink sink) {
        sink.putInt(received);
      }
    }

    @Override
    public State init(NodeId self, Durable durable, Effects<Told, Vote> out) {
      out.annotate("vote", "none (boot)");
      State s = new State();
      s.self = self;
      if (durable instanceof Count c) {
        s.received = c.received();
        return s;
      }
      switch (self.name()) {
        case "s1" -> out.setTimer(new Vote("s3 in term 1"), 10, 10);
        case "s2" -> out.setTimer(new Vote("s3 in term 2"), 20, 20);
        default -> {
          out.setTimer(new Vote("none (boot)"), 30, 30);
        }
      }
      return s;
    }

    @Override
    public void onMessage(State s, NodeId from, Told m, Effects<Told, Vote> out) {
      s.received++;
      out.persist(new Count(s.received));
    }

    @Override
    public void onTimer(State s, Vote t, Effects<Told, Vote> out) {
      out.annotate("vote", t.value());
      if (s.self.equals(S3)) {
        if (t.value().equals("none (boot)")) {
          out.setTimer(new Vote("s1 in term 3"), 10, 10);
        }
        return;
      }
      out.persist(new Count(0));
      out.send(S3, new Told());
    }
  }

  private static World world(TraceSink sink, FaultSchedule faults) {
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    for (NodeId id : List.of(S1, S2, S3)) {
      nodes.put(id, new Voter());
    }
    Cluster cluster = new Cluster(nodes, List.of(S1, S2, S3), List.of(), List.of());
    World w = new World(Fixture.config(1, Fixture.fixedLatency(2), 1_000), cluster, sink);
    w.schedule(faults);
    return w;
  }

  private static FaultSchedule armed() {
    return FaultSchedule.builder()
        .at(0, new Fault.RebootAfterAnnotation("vote", 3)) // fires on s1's vote at 10
        .at(0, new Fault.RebootAfterAnnotation("other", 1)) // nobody annotates "other": never
        .at(5, new Fault.RebootAfterAnnotation("vote", 0)) // fires on s2's vote at 20
        .at(25, new Fault.RebootAfterAnnotation("vote", 1)) // not s3's same value at 30: at 40
        .build();
  }

  @Test
  void rebootsTheNodeRightAfterTheHandlerThatVoted() {
    InMemoryTrace trace = new InMemoryTrace();
    World w = world(trace, armed());
    w.runUntil(11);
    assertFalse(w.isUp(S1), "s1 voted at 10 and was rebooted right after");
    assertTrue(w.isUp(S2) && w.isUp(S3), "boot-time annotations never fire");
    w.runUntil(13);
    assertTrue(w.isUp(S1), "restarted 3 ticks later");
    w.runUntil(100);
    assertEquals(
        List.of(S1, S2, S3),
        trace.ofType(TraceEvent.Crash.class).stream().map(c -> c.node()).toList());
    assertEquals(List.of(10L, 20L, 40L), ticks(trace.ofType(TraceEvent.Crash.class)));
    assertEquals(List.of(13L, 20L, 41L), ticks(trace.ofType(TraceEvent.Restart.class)));
    // The crash comes straight after the voting handler (annotate, persist, send), announced.
    List<TraceEvent> all = trace.events();
    int crash = all.indexOf(trace.ofType(TraceEvent.Crash.class).get(0));
    assertTrue(
        all.get(crash - 1) instanceof TraceEvent.NetworkChange n
            && n.description().contains("s1 set it to 's3 in term 1'"),
        all.get(crash - 1).toString());
    assertTrue(all.get(crash - 2) instanceof TraceEvent.Send, all.get(crash - 2).toString());
    assertTrue(all.get(crash - 4) instanceof TraceEvent.Annotate a && a.key().equals("vote"));
    // What the voters sent before rebooting still arrived, and s3 kept its count on disk.
    assertEquals(2, ((Voter.State) w.state(S3)).received);
  }

  @Test
  void sameScheduleSameTraceAndWorksWithTracingOff() {
    HashingTraceSink a = new HashingTraceSink();
    HashingTraceSink b = new HashingTraceSink();
    world(a, armed()).runUntil(100);
    world(b, armed()).runUntil(100);
    assertEquals(a.hex(), b.hex());
    World quiet = world(TraceSink.NONE, armed());
    quiet.runUntil(11);
    assertFalse(quiet.isUp(S1));
    quiet.runUntil(40);
    assertFalse(quiet.isUp(S3));
    quiet.runUntil(41);
    assertTrue(quiet.isUp(S3));
  }

  @Test
  void badArgumentsAreRejectedBeforeAnythingRuns() {
    IllegalArgumentException blank =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                world(
                    TraceSink.NONE,
                    FaultSchedule.builder()
                        .at(1, new Fault.RebootAfterAnnotation(" ", 1))
                        .build()));
    assertTrue(blank.getMessage().contains("reboot-after.key"), blank.getMessage());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                world(
                    TraceSink.NONE,
                    FaultSchedule.builder()
                        .at(1, new Fault.RebootAfterAnnotation("vote", -1))
                        .build()));
    assertTrue(negative.getMessage().contains("reboot-after.downTicks"), negative.getMessage());
  }

  private static List<Long> ticks(List<? extends TraceEvent> events) {
    return events.stream().map(TraceEvent::tick).toList();
  }
}
