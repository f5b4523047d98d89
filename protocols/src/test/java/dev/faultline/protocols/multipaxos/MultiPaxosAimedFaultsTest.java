package dev.faultline.protocols.multipaxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.rand.Rng;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The swarm faults aimed at PMMC reconfiguration ({@link MultiPaxosSpec#swarmFaults}): the servers
 * mark each step of a change (a leader commands the configuration command, another acceptor accepts
 * it, a leader decides it, a leader commands the new acceptors' first slot), the kernel's
 * state-aware faults armed on those marks fire there, and correct Multi-Paxos stays safe and
 * finishes the change and every append through all of them.
 */
class MultiPaxosAimedFaultsTest {
  private static final String PLAN = "600:s1,s2";
  private static final int WINDOW = 3;

  private static World world(InMemoryTrace trace) {
    Map<String, String> options = Map.of("reconfig", PLAN, "window", Integer.toString(WINDOW));
    ClusterParams params =
        new ClusterParams(
            3, null, MultiPaxosReconfigTest.appends(12, 2_000), new TreeMap<>(options));
    World w =
        new World(
            WorldConfig.of(9).withMaxTicks(60_000), new MultiPaxosSpec().build(params), trace);
    w.start("multipaxos", null, "test");
    return w;
  }

  private static void runToEnd(World w) {
    while (w.step()
        && (MultiPaxosReconfigTest.completed(w) < 24
            || w.stateAs(MultiPaxosReconfigTest.A1, MultiPaxosAdminState.class).outcome()
                == null)) {}
  }

  private static TraceEvent.Annotate first(InMemoryTrace trace, String key) {
    for (TraceEvent.Annotate a : trace.ofType(TraceEvent.Annotate.class)) {
      if (a.key().equals(key)) {
        return a;
      }
    }
    return null;
  }

  private static long slotOf(TraceEvent.Annotate a) {
    return Long.parseLong(a.value().split(" ")[1]); // "slot N (round,leader) ..."
  }

  @Test
  void theStepsOfAChangeAreMarkedInOrder() {
    InMemoryTrace trace = new InMemoryTrace();
    World w = world(trace);
    runToEnd(w);
    assertNull(w.violation(), String.valueOf(w.violation()));
    TraceEvent.Annotate appended = first(trace, "config-appended");
    TraceEvent.Annotate learned = first(trace, "config-learned");
    TraceEvent.Annotate committed = first(trace, "config-committed");
    TraceEvent.Annotate inForce = first(trace, MultiPaxosServer.CONFIG_IN_FORCE);
    for (TraceEvent.Annotate a : List.of(appended, learned, committed)) {
      assertNotNull(a);
      assertTrue(a.value().endsWith(" s1,s2"), a.value());
      assertEquals(slotOf(appended), slotOf(a), "the same slot: " + a);
    }
    assertFalse(learned.node().equals(appended.node()), "another server's acceptor");
    assertEquals(appended.node(), committed.node(), "the leader that commanded it decides it");
    assertNotNull(inForce);
    assertEquals(slotOf(appended) + WINDOW, slotOf(inForce), "slot s + WINDOW");
    assertTrue(appended.tick() <= learned.tick() && learned.tick() <= committed.tick());
    assertTrue(committed.tick() <= inForce.tick());
  }

  /** Every aimed fault at once, armed before the change: each fires where it aims. */
  @Test
  void everyAimedFaultFiresAndTheRunStaysSafeAndLive() {
    InMemoryTrace trace = new InMemoryTrace();
    World w = world(trace);
    w.schedule(
        FaultSchedule.builder()
            .at(599, new Fault.IsolateAfterAnnotation("config-appended", 400))
            .at(599, new Fault.RebootAfterAnnotation("config-learned", 100))
            .at(599, new Fault.IsolateAfterAnnotation("config-committed", 500))
            .at(599, new Fault.RebootAfterAnnotation("vote", 50))
            .at(599, new Fault.IsolateAfterAnnotation(MultiPaxosServer.CONFIG_IN_FORCE, 300))
            .build());
    runToEnd(w);
    assertNull(w.violation(), String.valueOf(w.violation()));
    assertEquals(24, MultiPaxosReconfigTest.completed(w), "every append completes");
    String outcome = w.stateAs(MultiPaxosReconfigTest.A1, MultiPaxosAdminState.class).outcome();
    assertTrue(outcome.startsWith("ok: acceptors s1,s2 from slot "), outcome);
    List<String> fired = new ArrayList<>();
    for (TraceEvent e : trace.events()) {
      if (e instanceof TraceEvent.Partition p && p.description().startsWith("isolate-after: ")) {
        fired.add("isolate");
      }
      if (e instanceof TraceEvent.NetworkChange n && n.description().startsWith("reboot-after ")) {
        if (n.description().contains(" set it to ")) {
          fired.add(n.description().split(":")[0]);
        }
      }
    }
    assertEquals(
        List.of("reboot-after config-learned", "reboot-after vote"),
        fired.stream().filter(f -> !f.equals("isolate")).distinct().sorted().toList(),
        fired.toString());
    assertEquals(3, fired.stream().filter(f -> f.equals("isolate")).count(), fired.toString());
  }

  /** Aimed faults come only with a reconfiguration plan, inside the fault period, at a step. */
  @Test
  void aimedFaultsFollowTheReconfigurationPlan() {
    MultiPaxosSpec spec = new MultiPaxosSpec();
    int plans = 0;
    int aimed = 0;
    for (long seed = 1; seed <= 400; seed++) {
      SortedMap<String, String> options =
          spec.swarmOptions(Rng.derived(seed, "swarm-options"), 3, 3_000);
      List<ScheduledFault> faults = spec.swarmFaults(Rng.derived(seed, "p"), options, 3, 3_000);
      if (!options.containsKey("reconfig")) {
        assertTrue(faults.isEmpty(), "no plan, no aimed faults: " + options);
        continue;
      }
      plans++;
      aimed += faults.isEmpty() ? 0 : 1;
      List<Long> armTicks = new ArrayList<>();
      for (MultiPaxosConfig.ReconfigStep step :
          MultiPaxosConfig.from(spec.serverIds(3), null, options).reconfig()) {
        armTicks.add(Math.max(0, step.notBeforeTick() - 1));
      }
      for (ScheduledFault f : faults) {
        assertTrue(f.tick() < 3_000, "inside the fault period: " + f);
        assertTrue(armTicks.contains(f.tick()), "armed just before a step: " + f);
        assertTrue(f.fault() instanceof Fault.AfterAnnotation, f.toString());
      }
    }
    assertTrue(plans > 80, "about 30 % of seeds draw a plan: " + plans);
    assertTrue(aimed > plans / 2 && aimed < plans, aimed + " of " + plans);
  }

  @Test
  void theSameSeedGivesTheSameTrace() {
    InMemoryTrace a = new InMemoryTrace();
    InMemoryTrace b = new InMemoryTrace();
    runToEnd(world(a));
    runToEnd(world(b));
    assertEquals(a.events(), b.events());
    assertNotNull(first(a, "config-committed"), "the change was decided");
  }
}
