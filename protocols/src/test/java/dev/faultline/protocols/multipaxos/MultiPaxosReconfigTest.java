package dev.faultline.protocols.multipaxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.trace.TraceSink;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * PMMC reconfiguration: an admin's configuration command executed in slot s makes its acceptor set
 * decide slots from s + WINDOW on; a second change while one is pending is refused with the reason;
 * the checks hold throughout and ReconfigCompletes holds at the end.
 */
class MultiPaxosReconfigTest {
  static final NodeId S1 = NodeId.of("s1");
  static final NodeId A1 = NodeId.of("a1");
  static final NodeId A2 = NodeId.of("a2");

  /**
   * Two clients, each appending {@code ops} times: the first half from tick 400, one every 150
   * ticks (so slots keep being decided after a change, which is in force only WINDOW slots after
   * its own), the second half from {@code laterFromTick}, one every 50 ticks.
   */
  static List<List<ClientOp>> appends(int ops, long laterFromTick) {
    List<List<ClientOp>> w = new ArrayList<>();
    for (int c = 1; c <= 2; c++) {
      List<ClientOp> mine = new ArrayList<>();
      for (int n = 1; n <= ops; n++) {
        int half = ops / 2;
        long notBefore = n <= half ? 400 + 150L * (n - 1) : laterFromTick + 50L * (n - half);
        mine.add(new ClientOp("append", "k" + (n % 2), "c" + c + "-" + n, notBefore));
      }
      w.add(mine);
    }
    return w;
  }

  static World world(Map<String, String> options, List<List<ClientOp>> workload) {
    ClusterParams params = new ClusterParams(3, null, workload, new TreeMap<>(options));
    Cluster cluster = new MultiPaxosSpec().build(params);
    World w = new World(WorldConfig.of(5).withMaxTicks(60_000), cluster, TraceSink.NONE);
    w.start("multipaxos", null, "test");
    return w;
  }

  static long completed(World w) {
    return w.history().stream().filter(e -> e.type().json().equals("ok")).count();
  }

  /**
   * a1 makes s1 the only acceptor; s2 and s3 then crash for good. Under the old configuration (two
   * of three) nothing more could be decided; under the new one s1 decides alone, so the second half
   * of the appends completes.
   */
  @Test
  void aChangeTakesEffectAndTheNewAcceptorsDecide() {
    World w = world(Map.of("reconfig", "600:s1"), appends(20, 5_000));
    w.schedule(
        FaultSchedule.builder()
            .at(4_000, new Fault.Crash(NodeId.of("s2")))
            .at(4_000, new Fault.Crash(NodeId.of("s3")))
            .build());
    while (completed(w) < 40 && w.step()) {}
    assertNull(w.violation(), String.valueOf(w.violation()));
    assertEquals(40, completed(w), "every append completes with s2 and s3 down");
    MultiPaxosAdminState a1 = w.stateAs(A1, MultiPaxosAdminState.class);
    assertTrue(a1.outcome().startsWith("ok: acceptors s1 from slot "), a1.outcome());
    MultiPaxosState s1 = w.stateAs(S1, MultiPaxosState.class);
    assertEquals(List.of(S1), List.copyOf(s1.configs.lastEntry().getValue()));
    assertNull(checkEventually(w), "ReconfigCompletes");
  }

  /** Two admins at once: one change runs, the other is refused with why, and both hear so. */
  @Test
  void aSecondChangeWhileOneIsPendingIsRefusedWithTheReason() {
    World w = world(Map.of("reconfig", "600:s1,s2;600:s2,s3", "window", "5"), appends(10, 0));
    while (w.step() && (outcome(w, A1) == null || outcome(w, A2) == null)) {}
    assertNull(w.violation(), String.valueOf(w.violation()));
    List<String> outcomes = List.of(outcome(w, A1), outcome(w, A2));
    assertEquals(
        1, outcomes.stream().filter(o -> o.startsWith("ok: ")).count(), outcomes.toString());
    assertEquals(
        1,
        outcomes.stream().filter(o -> o.startsWith("refused: the change to ")).count(),
        outcomes.toString());
  }

  private static String outcome(World w, NodeId admin) {
    return w.stateAs(admin, MultiPaxosAdminState.class).outcome();
  }

  private static String checkEventually(World w) {
    ClusterParams params =
        new ClusterParams(3, null, List.of(), new TreeMap<>(Map.of("reconfig", "600:s1")));
    for (Invariant inv : new MultiPaxosSpec().eventually(params)) {
      String problem = inv.check(w);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }
}
