package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static dev.faultline.sim.world.Fixture.S2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceEvent.TimerFire;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Clock readings against true time (within and beyond epsilon), and timer semantics. */
class WorldClockTimerTest {
  private final InMemoryTrace trace = new InMemoryTrace();

  private World pings(long epsilon, FaultSchedule faults) {
    World w =
        new World(
            new WorldConfig(
                1, Fixture.fixedLatency(2), new ClockConfig(epsilon), 100_000, 10_000_000),
            Fixture.pings(2, 100, false),
            trace);
    w.schedule(faults);
    return w;
  }

  /** Steps to {@code until} and returns the largest |clock error| seen, asserting the bounds. */
  private static long maxError(World w, NodeId node, long until, boolean expectWithin) {
    long worst = 0;
    boolean everBroken = false;
    while (w.tick() < until && w.step()) {
      ClockReading r = w.clockOf(node);
      long eps = w.config().clock().uncertaintyTicks();
      long local = r.lowerTicks() + eps;
      assertEquals(2 * eps, r.upperTicks() - r.lowerTicks());
      worst = Math.max(worst, Math.abs(local - w.tick()));
      boolean within = r.lowerTicks() <= w.tick() && w.tick() <= r.upperTicks();
      if (expectWithin) {
        assertTrue(within, "at tick " + w.tick() + " reading " + r);
      }
      everBroken |= !within;
    }
    assertEquals(!expectWithin, everBroken, "bound broken somewhere");
    return worst;
  }

  @Test
  void aHealthyClockReadsTrueTimePlusMinusEpsilon() {
    World w = pings(10, FaultSchedule.NONE);
    assertEquals(0, maxError(w, S1, 1_000, true));
  }

  @Test
  void skewWithinEpsilonKeepsTheBoundAndBeyondBreaksIt() {
    World within = pings(10, FaultSchedule.builder().at(50, new Fault.ClockSkew(S1, -10)).build());
    assertEquals(10, maxError(within, S1, 1_000, true));
    assertTrue(trace.ofType(TraceEvent.ClockChange.class).get(0).withinBound());

    InMemoryTrace t2 = new InMemoryTrace();
    World beyond =
        new World(
            new WorldConfig(1, Fixture.fixedLatency(2), new ClockConfig(10), 100_000, 1_000_000),
            Fixture.pings(2, 100, false),
            t2);
    beyond.schedule(FaultSchedule.builder().at(50, new Fault.ClockSkew(S1, 11)).build());
    assertEquals(11, maxError(beyond, S1, 1_000, false));
    var change = t2.ofType(TraceEvent.ClockChange.class).get(0);
    assertFalse(change.withinBound());
    assertEquals(11, change.errorTicks());
  }

  @Test
  void driftGrowsTheErrorWithinThenBeyondEpsilon() {
    // 2000 ppm from tick 0: error 2 ticks per 1000, so 10 ticks (epsilon) at tick 5000.
    World within =
        pings(10, FaultSchedule.builder().at(0, new Fault.ClockDrift(S1, 2_000)).build());
    assertEquals(10, maxError(within, S1, 5_000, true)); // the last step lands on tick 5000
    World beyond =
        pings(10, FaultSchedule.builder().at(0, new Fault.ClockDrift(S1, 2_000)).build());
    assertEquals(40, maxError(beyond, S1, 20_000, false));
  }

  @Test
  void driftChangesAndSkewsKeepTheClockContinuousAndMonotonic() {
    FaultSchedule faults =
        FaultSchedule.builder()
            .at(1_000, new Fault.ClockDrift(S1, 300_000))
            .at(3_000, new Fault.ClockDrift(S1, -200_000))
            .at(5_000, new Fault.ClockSkew(S1, 7))
            .build();
    World exact = pings(0, faults);
    exact.runUntil(3_000);
    assertEquals(1_000 + 2_600, exact.clockOf(S1).lowerTicks()); // 1000 at 1.0, 2000 at 1.3
    exact.runUntil(4_000);
    assertEquals(3_600 + 800, exact.clockOf(S1).lowerTicks()); // then 1000 at 0.8
    exact.runUntil(5_000);
    assertEquals(5_007, exact.clockOf(S1).lowerTicks()); // skew: 7 ahead from here
    exact.runUntil(6_000);
    assertEquals(6_000 + 7 - 200, exact.clockOf(S1).lowerTicks()); // drift keeps running

    World w = pings(0, faults);
    long previous = Long.MIN_VALUE;
    long previousTick = 0;
    while (w.tick() < 8_000 && w.step()) {
      long local = w.clockOf(S1).lowerTicks();
      long dt = w.tick() - previousTick;
      if (previous != Long.MIN_VALUE && w.tick() != 5_000) {
        assertTrue(local >= previous, "monotonic at " + w.tick());
        assertTrue(local - previous <= dt + dt * 3 / 10 + 1, "no jump at " + w.tick());
      }
      previous = local;
      previousTick = w.tick();
    }
  }

  @Test
  void handlersReadTheSameIntervalAsTheWorldReports() {
    World w = pings(10, FaultSchedule.builder().at(0, new Fault.ClockSkew(S2, 25)).build());
    w.runUntil(1_000);
    List<ClockReading> seen = Fixture.state(w, S2).clockReadings;
    List<TimerFire> beats = Fixture.on(trace, TimerFire.class, f -> f.node().equals(S2));
    assertEquals(beats.size(), seen.size());
    for (int k = 0; k < seen.size(); k++) {
      long t = beats.get(k).tick();
      assertEquals(new ClockReading(t + 25 - 10, t + 25 + 10), seen.get(k));
    }
  }

  @Test
  void driftStretchesOrShrinksTimersInTrueTime() {
    World w =
        pings(
            10,
            FaultSchedule.builder()
                .at(0, new Fault.ClockDrift(S1, 100_000)) // 10% fast: 100 local = 91 true
                .at(0, new Fault.ClockDrift(S2, -500_000)) // half speed: 100 local = 200 true
                .build());
    w.runUntil(2_000);
    assertEquals(List.of(91L), gaps(S1));
    assertEquals(List.of(200L), gaps(S2));
  }

  private List<Long> gaps(NodeId node) {
    List<TimerFire> fires = Fixture.on(trace, TimerFire.class, f -> f.node().equals(node));
    java.util.TreeSet<Long> out = new java.util.TreeSet<>();
    for (int k = 1; k < fires.size(); k++) {
      out.add(fires.get(k).tick() - fires.get(k - 1).tick());
    }
    return List.copyOf(out);
  }

  // ------------------------------------------------------------ timers

  record Probe(String name) implements Timer {}

  static final class ProbeState implements NodeState<ProbeState> {
    final List<String> fired = new ArrayList<>();

    @Override
    public ProbeState copy() {
      ProbeState s = new ProbeState();
      s.fired.addAll(fired);
      return s;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      sink.putInt(fired.size());
    }
  }

  /** Runs {@code boot} in init, logs timers as they fire and runs {@code onFire}. */
  record Prober(
      BiConsumer<Effects<Message, Probe>, ProbeState> boot,
      BiConsumer<Effects<Message, Probe>, Probe> onFire)
      implements Protocol<ProbeState, Message, Probe> {
    @Override
    public ProbeState init(NodeId self, Durable durable, Effects<Message, Probe> out) {
      ProbeState s = new ProbeState();
      boot.accept(out, s);
      return s;
    }

    @Override
    public void onMessage(ProbeState s, NodeId from, Message m, Effects<Message, Probe> out) {}

    @Override
    public void onTimer(ProbeState s, Probe t, Effects<Message, Probe> out) {
      s.fired.add(t.name() + "@" + out.clock().lowerTicks());
      onFire.accept(out, t);
    }
  }

  private List<String> fired(
      long seed,
      BiConsumer<Effects<Message, Probe>, ProbeState> boot,
      BiConsumer<Effects<Message, Probe>, Probe> onFire) {
    World w =
        new World(
            new WorldConfig(seed, NetworkConfig.RELIABLE, new ClockConfig(0), 1_000, 100_000),
            Fixture.cluster(new Prober(boot, onFire), 1),
            trace);
    w.run();
    return w.stateAs(S1, ProbeState.class).fired;
  }

  @Test
  void settingAnEqualTimerReplacesItAndCancelRemovesIt() {
    List<String> fired =
        fired(
            1,
            (out, s) -> {
              out.setTimer(new Probe("a"), 10);
              out.setTimer(new Probe("a"), 50); // replaces
              out.setTimer(new Probe("b"), 20);
              out.setTimer(new Probe("c"), 30);
              out.cancelTimer(new Probe("c"));
              out.cancelTimer(new Probe("never-set"));
            },
            (out, t) -> {
              if (t.name().equals("b")) {
                out.setTimer(new Probe("a"), 5); // re-arm a pending timer from a handler
              }
            });
    assertEquals(List.of("b@20", "a@25"), fired);
  }

  @Test
  void aTimerFiresWithinItsRangeAndTheDrawDependsOnTheSeed() {
    java.util.TreeSet<String> distinct = new java.util.TreeSet<>();
    for (long seed = 1; seed <= 20; seed++) {
      List<String> fired =
          fired(seed, (out, s) -> out.setTimer(new Probe("r"), 100, 150), (o, t) -> {});
      assertEquals(1, fired.size());
      long at = Long.parseLong(fired.get(0).substring(2));
      assertTrue(at >= 100 && at <= 150, fired.get(0));
      distinct.add(fired.get(0));
    }
    assertTrue(distinct.size() > 5, "draws " + distinct);
  }

  @Test
  void aTimerCanRearmItselfFromItsOwnHandler() {
    List<String> fired =
        fired(
            1,
            (out, s) -> out.setTimer(new Probe("p"), 300),
            (out, t) -> out.setTimer(new Probe("p"), 300));
    assertEquals(List.of("p@300", "p@600", "p@900"), fired);
  }

  @Test
  void recordedHistoryIsStampedWithTheTickAndTraced() throws Exception {
    World w =
        new World(
            new WorldConfig(1, NetworkConfig.RELIABLE, new ClockConfig(0), 1_000, 100_000),
            Fixture.cluster(
                new Prober(
                    (out, s) -> {
                      out.record(dev.faultline.sim.api.HistoryEvent.invoke(0, "put", "k", "v"));
                      out.setTimer(new Probe("done"), 40);
                    },
                    (out, t) ->
                        out.record(
                            dev.faultline.sim.api.HistoryEvent.complete(
                                0, dev.faultline.sim.api.HistoryEvent.Type.OK, "put", "k", "v"))),
                1),
            trace);
    w.run();
    assertEquals(
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\",\"time\":0}\n"
            + "{\"process\":0,\"type\":\"ok\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\",\"time\":40}\n",
        dev.faultline.sim.trace.HistoryJson.toJsonl(w.history()));
    assertEquals(
        w.history(),
        trace.ofType(TraceEvent.History.class).stream().map(TraceEvent.History::event).toList());
  }
}
