package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static dev.faultline.sim.world.Fixture.S2;
import static dev.faultline.sim.world.Fixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * Role-targeted faults resolve their target when they apply, from each node's latest {@code
 * annotate("role", ...)}: a schedule written in advance hits whoever holds the role at that moment.
 */
class WorldRoleFaultTest {
  private static final NodeId C1 = NodeId.of("c1");

  /**
   * Test protocol: s2 starts as "leader (won election in term 1)", s3 as "leaderless" (which must
   * not match "leader"), s1 as "follower" and promotes itself to "leader (promoted)" at tick 15.
   */
  static final class Roles implements Protocol<Roles.State, Roles.Msg, Roles.Promote> {
    record Msg() implements Message {}

    record Promote() implements Timer {}

    static final class State implements NodeState<State> {
      @Override
      public State copy() {
        return new State();
      }

      @Override
      public void fingerprint(PrimitiveSink sink) {}
    }

    @Override
    public State init(NodeId self, Durable durable, Effects<Msg, Promote> out) {
      switch (self.name()) {
        case "s1" -> {
          out.annotate("role", "follower");
          out.setTimer(new Promote(), 15, 15);
        }
        case "s2" -> out.annotate("role", "leader (won election in term 1)");
        case "s3" -> out.annotate("role", "leaderless");
        default -> {}
      }
      return new State();
    }

    @Override
    public void onMessage(State s, NodeId from, Msg m, Effects<Msg, Promote> out) {}

    @Override
    public void onTimer(State s, Promote t, Effects<Msg, Promote> out) {
      out.annotate("role", "leader (promoted)");
    }
  }

  private static Cluster cluster() {
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    Roles roles = new Roles();
    for (NodeId id : List.of(S1, S2, S3, C1)) {
      nodes.put(id, roles);
    }
    return new Cluster(nodes, List.of(S1, S2, S3), List.of(C1), List.of());
  }

  private static World world(TraceSink sink, FaultSchedule faults) {
    World w = new World(Fixture.config(1, Fixture.fixedLatency(2), 1_000), cluster(), sink);
    w.schedule(faults);
    return w;
  }

  private static FaultSchedule crashes() {
    return FaultSchedule.builder()
        .at(10, new Fault.CrashRole("leader")) // s2: s3's "leaderless" is not "leader"
        .at(20, new Fault.CrashRole("leader")) // s1, which promoted itself at 15
        .at(25, new Fault.CrashRole("leader")) // nobody left: a no-op
        .at(30, new Fault.RestartLastCrashed()) // s1, the most recent crash
        .at(40, new Fault.RestartLastCrashed()) // then s2
        .at(50, new Fault.RestartLastCrashed()) // all up: a no-op
        .build();
  }

  @Test
  void crashRoleHitsWhoeverHoldsTheRoleWhenItApplies() {
    InMemoryTrace trace = new InMemoryTrace();
    World w = world(trace, crashes());
    w.runUntil(12);
    assertFalse(w.isUp(S2));
    assertTrue(w.isUp(S1) && w.isUp(S3));
    assertNull(w.latestAnnotation(S2, "role"), "a crash forgets the node's annotations");
    w.runUntil(22);
    assertFalse(w.isUp(S1));
    w.runUntil(27);
    assertTrue(w.isUp(S3), "\"leaderless\" does not match the role \"leader\"");
    assertEquals(
        List.of(S2, S1), trace.ofType(TraceEvent.Crash.class).stream().map(c -> c.node()).toList());
    assertTrue(
        trace.ofType(TraceEvent.NetworkChange.class).stream()
            .anyMatch(n -> n.tick() == 25 && n.description().contains("no-op")));
    w.runUntil(32);
    assertTrue(w.isUp(S1) && !w.isUp(S2), "restart-last restarts the latest crash first");
    assertEquals("follower", w.latestAnnotation(S1, "role"));
    w.runUntil(60);
    assertTrue(w.isUp(S2));
    assertEquals("leader (won election in term 1)", w.latestAnnotation(S2, "role"));
    assertEquals(2, trace.ofType(TraceEvent.Restart.class).size());
    assertTrue(
        trace.ofType(TraceEvent.NetworkChange.class).stream()
            .anyMatch(n -> n.tick() == 50 && n.description().contains("no-op")));
  }

  @Test
  void rolesAreTrackedWithTracingOff() {
    World w = world(TraceSink.NONE, crashes());
    w.runUntil(12);
    assertFalse(w.isUp(S2));
    w.runUntil(22);
    assertFalse(w.isUp(S1));
    assertTrue(w.isUp(S3));
  }

  @Test
  void isolateRoleCanKeepClientLinks() {
    InMemoryTrace trace = new InMemoryTrace();
    World w =
        world(
            trace,
            FaultSchedule.builder()
                .at(5, new Fault.IsolateRole("leader", true))
                .at(8, new Fault.Heal())
                .at(9, new Fault.IsolateRole("leader", false))
                .build());
    w.runUntil(10);
    List<TraceEvent.Partition> parts = trace.ofType(TraceEvent.Partition.class);
    assertEquals(3, parts.size());
    List<TraceEvent.Link> keep = parts.get(0).blocked();
    assertTrue(keep.contains(new TraceEvent.Link(S2, S1)));
    assertTrue(keep.contains(new TraceEvent.Link(S3, S2)));
    assertFalse(keep.contains(new TraceEvent.Link(S2, C1)));
    assertFalse(keep.contains(new TraceEvent.Link(C1, S2)));
    assertEquals(4, keep.size());
    List<TraceEvent.Link> all = parts.get(2).blocked();
    assertTrue(all.contains(new TraceEvent.Link(S2, C1)));
    assertEquals(6, all.size());
  }

  @Test
  void sameSeedSameTrace() {
    HashingTraceSink a = new HashingTraceSink();
    HashingTraceSink b = new HashingTraceSink();
    world(a, crashes()).runUntil(100);
    world(b, crashes()).runUntil(100);
    assertEquals(a.hex(), b.hex());
    assertTrue(a.count() > 0);
  }
}
