package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static dev.faultline.sim.world.Fixture.S2;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.InMemoryTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calm windows: every node up, no link cut, no message fault; every fault event ends one. */
class WorldCalmWindowsTest {
  private static final long END = Long.MAX_VALUE;

  private static List<CalmWindow> run(NetworkConfig net, FaultSchedule faults) {
    World w =
        new World(Fixture.config(1, net, 1_000), Fixture.pings(3, 10, false), new InMemoryTrace());
    w.schedule(faults);
    w.runUntil(1_000);
    return w.calmWindows();
  }

  private static List<CalmWindow> run(FaultSchedule faults) {
    return run(Fixture.fixedLatency(2), faults);
  }

  @Test
  void aRunWithoutFaultsIsOneWindowFromTheBoot() {
    assertEquals(List.of(new CalmWindow(0, END)), run(FaultSchedule.builder().build()));
  }

  @Test
  void aCrashEndsTheWindowAndTheRestartOpensTheNext() {
    FaultSchedule f =
        FaultSchedule.builder()
            .at(100, new Fault.Crash(S2))
            .at(300, new Fault.Restart(S2, false))
            .build();
    assertEquals(List.of(new CalmWindow(0, 100), new CalmWindow(300, END)), run(f));
  }

  @Test
  void aCutLinkLastsUntilTheHeal() {
    FaultSchedule f =
        FaultSchedule.builder()
            .at(100, new Fault.BlockLink(S1, S2))
            .at(200, new Fault.Isolate(S2))
            .at(400, new Fault.Heal())
            .build();
    assertEquals(List.of(new CalmWindow(0, 100), new CalmWindow(400, END)), run(f));
  }

  @Test
  void aFaultThatLeavesTheWorldCalmStillStartsAFreshWindow() {
    FaultSchedule f =
        FaultSchedule.builder()
            .at(100, new Fault.Heal())
            .at(150, new Fault.ClockSkew(S1, 3))
            .build();
    assertEquals(
        List.of(new CalmWindow(0, 100), new CalmWindow(100, 150), new CalmWindow(150, END)),
        run(f));
  }

  @Test
  void randomMessageFaultsAndPendingScriptedOnesAreNotCalm() {
    NetworkConfig lossy =
        new NetworkConfig(Fixture.fixedLatency(2).latency(), 0.1, 0, 0, 0, 0, 0, 0);
    FaultSchedule f =
        FaultSchedule.builder()
            .at(100, new Fault.SetNetwork(lossy))
            .at(200, new Fault.SetNetwork(Fixture.fixedLatency(2)))
            .at(300, new Fault.DropMessages(S1, S2, 1_000_000))
            .at(400, new Fault.Heal())
            .build();
    assertEquals(List.of(new CalmWindow(0, 100), new CalmWindow(200, 300)), run(f));
    assertEquals(List.of(), run(lossy, FaultSchedule.builder().build()));
  }

  @Test
  void stabilizationOpensTheLastWindow() {
    FaultSchedule f =
        FaultSchedule.builder()
            .at(100, new Fault.Crash(S2))
            .at(100, new Fault.Isolate(S1))
            .at(500, new Fault.StabilizeAll())
            .build();
    assertEquals(List.of(new CalmWindow(0, 100), new CalmWindow(500, END)), run(f));
  }
}
