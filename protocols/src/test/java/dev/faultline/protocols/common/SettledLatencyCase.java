package dev.faultline.protocols.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.Liveness;
import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.SettledLatency;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What a protocol's settled latency test shares: its workload and what a delay-only bug shows. */
public final class SettledLatencyCase {
  private SettledLatencyCase() {}

  /**
   * {@code clients} clients with {@code ops} operations each on one key, every third a get and the
   * rest appends, invoked from {@code fromTick} on, {@code gapTicks} apart.
   */
  public static List<List<ClientOp>> workload(int clients, int ops, long fromTick, long gapTicks) {
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= clients; c++) {
      List<ClientOp> mine = new ArrayList<>();
      for (int i = 0; i < ops; i++) {
        String f = i % 3 == 0 ? "get" : "append";
        String value = "get".equals(f) ? null : "c" + c + "-" + i;
        mine.add(new ClientOp(f, "k1", value, fromTick + gapTicks * i));
      }
      workload.add(mine);
    }
    return workload;
  }

  /**
   * {@code spec} declares no calm latency bound without its option {@code checkCalmLatency}, and
   * with it the settled latency bound.
   */
  public static void assertCalmBoundIsTheSettledOneUnderItsOption(ClusterSpec spec) {
    TreeMap<String, String> options = new TreeMap<>();
    assertNull(spec.calmLatency(new ClusterParams(3, null, List.of(), options)));
    options.put(SettledLatency.CALM_OPTION, "true");
    ClusterParams on = new ClusterParams(3, null, List.of(), options);
    assertNotNull(spec.calmLatency(on));
    assertEquals(spec.settledLatency(on), spec.calmLatency(on));
  }

  /**
   * The run of {@code planted} fails only the calm latency bound: as liveness, in a calm stretch
   * before the faults stop, with no progress limit to excuse it, while every operation finished.
   */
  public static void assertOnlyTheCalmBoundFails(RunPlan planted, ClusterRun.Result r) {
    assertOnlyABoundFails(planted, r, "calm latency bound");
  }

  /**
   * The run of {@code planted} fails only the settled latency bound: as liveness, with no progress
   * limit to excuse it, while every operation finished (liveness alone passes).
   */
  public static void assertOnlyTheBoundFails(RunPlan planted, ClusterRun.Result r) {
    assertOnlyABoundFails(planted, r, "settled latency bound");
  }

  private static void assertOnlyABoundFails(RunPlan planted, ClusterRun.Result r, String bound) {
    assertEquals(ClusterRun.LIVENESS, r.property(), r.message());
    assertTrue(r.message().contains(bound), r.message());
    assertNull(r.progressLimit(), "no limit excuses it");
    assertNull(
        Liveness.check(planted.params().workload(), r.history(), r.world().tick()),
        "every operation finished: liveness alone passes");
  }
}
