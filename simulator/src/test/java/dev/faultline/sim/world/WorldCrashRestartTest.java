package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static dev.faultline.sim.world.Fixture.S2;
import static dev.faultline.sim.world.Fixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceEvent.Deliver;
import dev.faultline.sim.trace.TraceEvent.Drop;
import dev.faultline.sim.trace.TraceEvent.Send;
import dev.faultline.sim.trace.TraceEvent.TimerFire;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Crash loses volatile state and timers; restart boots from the last persisted durable state. */
class WorldCrashRestartTest {
  private final InMemoryTrace trace = new InMemoryTrace();

  private World world(boolean persist, FaultSchedule faults) {
    World w =
        new World(
            Fixture.config(1, Fixture.fixedLatency(2), 1_000),
            Fixture.pings(3, 10, persist),
            trace);
    w.schedule(faults);
    return w;
  }

  @Test
  void aCrashedNodeLosesStateTimersAndIncomingMessages() {
    World w = world(false, FaultSchedule.builder().at(25, new Fault.Crash(S2)).build());
    w.runUntil(24);
    assertTrue(Fixture.state(w, S2).pongs > 0);
    w.runUntil(200);
    assertFalse(w.isUp(S2));
    assertNull(w.state(S2));
    assertTrue(
        Fixture.on(trace, TimerFire.class, f -> f.node().equals(S2) && f.tick() > 25).isEmpty());
    assertTrue(Fixture.on(trace, Send.class, s -> s.from().equals(S2) && s.tick() > 25).isEmpty());
    List<Drop> down = Fixture.on(trace, Drop.class, d -> d.reason().equals("down"));
    assertFalse(down.isEmpty());
    assertTrue(down.stream().allMatch(d -> d.to().equals(S2)));
    assertTrue(Fixture.on(trace, Deliver.class, d -> d.to().equals(S2) && d.tick() > 25).isEmpty());
    assertEquals(1, trace.ofType(TraceEvent.Crash.class).size());
  }

  @Test
  void messagesAlreadySentByANodeThatCrashesStillArrive() {
    // s2 pings at tick 20 (arriving at 22) and crashes at 21: the pings are on the wire.
    World w = world(false, FaultSchedule.builder().at(21, new Fault.Crash(S2)).build());
    w.runUntil(23);
    assertEquals(
        2, Fixture.on(trace, Deliver.class, d -> d.from().equals(S2) && d.tick() == 22).size());
  }

  @Test
  void restartWithoutPersistenceStartsFromScratch() {
    World w =
        world(
            false,
            FaultSchedule.builder()
                .at(25, new Fault.Crash(S2))
                .at(60, new Fault.Restart(S2, false))
                .build());
    w.runUntil(60);
    assertTrue(w.isUp(S2));
    assertEquals(0, Fixture.state(w, S2).pongs);
    assertTrue(Fixture.state(w, S2).log.isEmpty());
    assertFalse(trace.ofType(TraceEvent.Restart.class).get(0).hadDurable());
    // Its timers restart with init: the next beat is 10 ticks after the restart.
    w.runUntil(200);
    List<TimerFire> after =
        Fixture.on(trace, TimerFire.class, f -> f.node().equals(S2) && f.tick() >= 25);
    assertEquals(70, after.get(0).tick());
  }

  @Test
  void restartWithPersistedStateGetsItBackAndWipeDiskLosesIt() {
    World w =
        world(
            true,
            FaultSchedule.builder()
                .at(25, new Fault.Crash(S2))
                .at(60, new Fault.Restart(S2, false))
                .at(125, new Fault.Crash(S2))
                .at(160, new Fault.Restart(S2, true))
                .build());
    w.runUntil(24);
    int before = Fixture.state(w, S2).pongs;
    assertTrue(before > 0);
    w.runUntil(60);
    assertEquals(before, Fixture.state(w, S2).pongs, "pong count survived the crash");
    assertEquals(new Ping.Pongs(before), w.durable(S2));
    assertTrue(trace.ofType(TraceEvent.Restart.class).get(0).hadDurable());
    w.runUntil(160);
    assertEquals(0, Fixture.state(w, S2).pongs, "disk wiped");
    assertNull(w.durable(S2));
    assertFalse(trace.ofType(TraceEvent.Restart.class).get(1).hadDurable());
  }

  @Test
  void crashOfACrashedNodeAndRestartOfALiveNodeChangeNothing() {
    World w =
        world(
            false,
            FaultSchedule.builder()
                .at(25, new Fault.Crash(S2))
                .at(26, new Fault.Crash(S2))
                .at(27, new Fault.Restart(S1, false))
                .build());
    w.runUntil(100);
    assertEquals(1, trace.ofType(TraceEvent.Crash.class).size());
    assertTrue(trace.ofType(TraceEvent.Restart.class).isEmpty());
    assertTrue(Fixture.state(w, S1).pongs > 0);
  }

  @Test
  void stabilizeAllHealsRestartsRestoresClocksAndStopsRandomFaults() {
    NetworkConfig lossy = new NetworkConfig(new Latency.Fixed(2), 0.9, 0.5, 0.5, 10, 0.5, 50, 60);
    World w =
        new World(
            new WorldConfig(1, Fixture.fixedLatency(2), new ClockConfig(5), 1_000, 1_000_000),
            Fixture.pings(3, 10, false),
            trace);
    w.schedule(
        FaultSchedule.builder()
            .at(5, new Fault.SetNetwork(lossy))
            .at(5, new Fault.Partition(List.of(Set.of(S1), Set.of(S2))))
            .at(6, new Fault.Crash(S3))
            .at(7, new Fault.ClockSkew(S2, 500))
            .at(7, new Fault.ClockDrift(S1, 200_000))
            .at(8, new Fault.DropMessages(null, null, 1_000))
            .at(100, new Fault.StabilizeAll())
            .build());
    w.runUntil(100);
    assertTrue(w.isUp(S3));
    for (var id : List.of(S1, S2, S3)) {
      assertEquals(new ClockReading(100 - 5, 100 + 5), w.clockOf(id));
    }
    int before = trace.size();
    w.runUntil(400);
    List<TraceEvent> after = trace.events().subList(before, trace.size());
    assertTrue(
        after.stream()
            .noneMatch(
                e ->
                    e instanceof Drop
                        || e instanceof TraceEvent.Hold
                        || e instanceof TraceEvent.Duplicate));
    // Every pair talks again (messages held before 100 may still arrive late: filter on sends).
    for (var a : List.of(S1, S2, S3)) {
      for (var b : List.of(S1, S2, S3)) {
        if (!a.equals(b)) {
          assertTrue(
              after.stream()
                  .anyMatch(e -> e instanceof Deliver d && d.from().equals(a) && d.to().equals(b)),
              a + "->" + b);
        }
      }
    }
  }
}
