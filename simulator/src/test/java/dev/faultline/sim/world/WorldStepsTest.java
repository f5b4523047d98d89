package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S2;
import static dev.faultline.sim.world.Fixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SystemView#lastSteps}: recorded only for step invariants, one step per handler run. */
class WorldStepsTest {

  /** Writes every step it is shown as one line: "tick node KIND trigger -> to:message, ...". */
  private static final class Recorder implements Invariant {
    final List<String> lines = new ArrayList<>();
    final boolean judgesSteps;
    int nullViews;

    Recorder(boolean judgesSteps) {
      this.judgesSteps = judgesSteps;
    }

    @Override
    public String name() {
      return "Recorder";
    }

    @Override
    public boolean judgesSteps() {
      return judgesSteps;
    }

    @Override
    public String check(SystemView view) {
      List<Step> steps = view.lastSteps();
      if (steps == null) {
        nullViews++;
        return null;
      }
      for (Step s : steps) {
        assertEquals(s.node(), view.nodes().get(s.position()));
        StringBuilder b = new StringBuilder(view.tick() + " " + s.node() + " " + s.kind());
        switch (s.kind()) {
          case MESSAGE -> b.append(" ").append(s.message()).append(" from ").append(s.from());
          case TIMER -> b.append(" ").append(s.timer());
          case BOOT -> {}
        }
        b.append(" ->");
        for (Step.Sent sent : s.sent()) {
          b.append(" ").append(sent.to()).append(":").append(sent.message());
        }
        lines.add(b.toString());
      }
      return null;
    }
  }

  /** The step rule the test plants a bug for: every ping a node receives is answered at once. */
  private static final class EveryPingAnswered implements Invariant {
    @Override
    public String name() {
      return "EveryPingAnswered";
    }

    @Override
    public boolean judgesSteps() {
      return true;
    }

    @Override
    public String check(SystemView view) {
      List<Step> steps = view.lastSteps();
      if (steps == null) {
        return null; // not recorded (the explorer): nothing to judge
      }
      for (Step s : steps) {
        if (s.message() instanceof Ping.PingMsg p
            && !s.sent().equals(List.of(new Step.Sent(s.from(), new Ping.PongMsg(p.seq()))))) {
          return s.node()
              + " answered ping #"
              + p.seq()
              + " from "
              + s.from()
              + " with "
              + s.sent();
        }
      }
      return null;
    }
  }

  /** Ping, except that node s2 never answers ping #3. */
  private record SilentOnThird(Ping ping) implements Protocol<Ping.State, Ping.Msg, Ping.Tick> {
    @Override
    public Ping.State init(NodeId self, Durable durable, Effects<Ping.Msg, Ping.Tick> out) {
      return ping.init(self, durable, out);
    }

    @Override
    public void onMessage(Ping.State s, NodeId from, Ping.Msg m, Effects<Ping.Msg, Ping.Tick> out) {
      if (m instanceof Ping.PingMsg(int seq) && seq == 3 && out.self().equals(S2)) {
        return; // the planted bug: a request dropped in silence (the next beat pings again)
      }
      ping.onMessage(s, from, m, out);
    }

    @Override
    public void onTimer(Ping.State s, Ping.Tick t, Effects<Ping.Msg, Ping.Tick> out) {
      ping.onTimer(s, t, out);
    }
  }

  private static World world(NetworkConfig net, Invariant... invariants) {
    return new World(Fixture.config(1, net, 1_000), Fixture.pings(3, 10, false, invariants), null);
  }

  @Test
  void noStepIsRecordedUnlessAnInvariantJudgesSteps() {
    Recorder r = new Recorder(false);
    World w = world(Fixture.fixedLatency(2), r);
    w.runUntil(50);
    assertNull(w.lastSteps());
    assertTrue(r.nullViews > 10, "the invariant ran after every event: " + r.nullViews);
    assertTrue(r.lines.isEmpty());
  }

  @Test
  void eachHandlerIsOneStepWithItsTriggerAndItsSendsInOrder() {
    Recorder r = new Recorder(true);
    World w = world(Fixture.fixedLatency(2), new Recorder(false), r);
    w.runUntil(14);
    assertEquals(
        List.of(
            "0 s1 BOOT ->",
            "0 s2 BOOT ->",
            "0 s3 BOOT ->",
            "10 s1 TIMER Beat[] -> s2:PingMsg[seq=1] s3:PingMsg[seq=1]",
            "10 s2 TIMER Beat[] -> s1:PingMsg[seq=1] s3:PingMsg[seq=1]",
            "10 s3 TIMER Beat[] -> s1:PingMsg[seq=1] s2:PingMsg[seq=1]",
            "12 s2 MESSAGE PingMsg[seq=1] from s1 -> s1:PongMsg[seq=1]",
            "12 s3 MESSAGE PingMsg[seq=1] from s1 -> s1:PongMsg[seq=1]",
            "12 s1 MESSAGE PingMsg[seq=1] from s2 -> s2:PongMsg[seq=1]",
            "12 s3 MESSAGE PingMsg[seq=1] from s2 -> s2:PongMsg[seq=1]",
            "12 s1 MESSAGE PingMsg[seq=1] from s3 -> s3:PongMsg[seq=1]",
            "12 s2 MESSAGE PingMsg[seq=1] from s3 -> s3:PongMsg[seq=1]",
            "14 s1 MESSAGE PongMsg[seq=1] from s2 ->",
            "14 s1 MESSAGE PongMsg[seq=1] from s3 ->",
            "14 s2 MESSAGE PongMsg[seq=1] from s1 ->",
            "14 s2 MESSAGE PongMsg[seq=1] from s3 ->",
            "14 s3 MESSAGE PongMsg[seq=1] from s1 ->",
            "14 s3 MESSAGE PongMsg[seq=1] from s2 ->"),
        r.lines);
    assertThrows(UnsupportedOperationException.class, () -> w.lastSteps().clear());
  }

  @Test
  void sendsAreRecordedBeforeTheNetworkDropsThem() {
    Recorder r = new Recorder(true);
    NetworkConfig dropAll = new NetworkConfig(new Latency.Fixed(2), 1.0, 0, 0, 0, 0, 0, 0);
    world(dropAll, r).runUntil(25);
    assertEquals(
        List.of(
            "0 s1 BOOT ->",
            "0 s2 BOOT ->",
            "0 s3 BOOT ->",
            "10 s1 TIMER Beat[] -> s2:PingMsg[seq=1] s3:PingMsg[seq=1]",
            "10 s2 TIMER Beat[] -> s1:PingMsg[seq=1] s3:PingMsg[seq=1]",
            "10 s3 TIMER Beat[] -> s1:PingMsg[seq=1] s2:PingMsg[seq=1]",
            "20 s1 TIMER Beat[] -> s2:PingMsg[seq=2] s3:PingMsg[seq=2]",
            "20 s2 TIMER Beat[] -> s1:PingMsg[seq=2] s3:PingMsg[seq=2]",
            "20 s3 TIMER Beat[] -> s1:PingMsg[seq=2] s2:PingMsg[seq=2]"),
        r.lines);
  }

  @Test
  void aCrashRunsNoHandlerAndARestartIsABoot() {
    Recorder r = new Recorder(true);
    World w = world(Fixture.fixedLatency(2), r);
    w.schedule(
        FaultSchedule.builder()
            .at(5, new Fault.Crash(S2))
            .at(6, new Fault.Restart(S2, false))
            .build());
    w.runUntil(5);
    assertEquals(List.of(), w.lastSteps());
    w.runUntil(6);
    assertEquals(List.of("6 s2 BOOT ->"), r.lines.subList(3, r.lines.size()));
    assertEquals(Step.Kind.BOOT, w.lastSteps().get(0).kind());
    assertNull(w.lastSteps().get(0).from());
  }

  @Test
  void aStepRuleFailsOnThePlantedSilentReplyAndHoldsOnCorrectPings() {
    World correct = world(Fixture.fixedLatency(2), new EveryPingAnswered());
    correct.runUntil(1_000);
    assertNull(correct.violation());

    Ping ping = new Ping(Fixture.ids(3), 10, false, false);
    World planted =
        new World(
            Fixture.config(1, Fixture.fixedLatency(2), 1_000),
            Fixture.cluster(new SilentOnThird(ping), 3, new EveryPingAnswered()),
            null);
    planted.runUntil(1_000);
    TraceEvent.Violation v = planted.violation();
    assertNotNull(v);
    assertEquals("EveryPingAnswered", v.property());
    assertEquals(32, v.tick());
    assertEquals("s2 answered ping #3 from s1 with []", v.message());
  }

  @Test
  void recordingStepsChangesNoTrace() {
    InMemoryTrace off = new InMemoryTrace();
    InMemoryTrace on = new InMemoryTrace();
    NetworkConfig lossy =
        new NetworkConfig(new Latency.Uniform(1, 9), 0.2, 0.1, 0.2, 8, 0.1, 5, 30);
    FaultSchedule faults =
        FaultSchedule.builder()
            .at(40, new Fault.Crash(S3))
            .at(90, new Fault.Restart(S3, false))
            .build();
    for (InMemoryTrace t : List.of(off, on)) {
      World w =
          new World(
              Fixture.config(7, lossy, 2_000),
              Fixture.pings(3, 10, true, new Recorder(t == on)),
              t);
      w.schedule(faults);
      w.runUntil(2_000);
    }
    assertTrue(off.size() > 500);
    assertEquals(off.sha256(), on.sha256());
  }
}
