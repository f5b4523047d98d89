package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.InMemoryTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

class PbSmokeTest {

  static List<ClientOp> appends(String client, String key, int n, long start, long gap) {
    List<ClientOp> ops = new java.util.ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ops.add(new ClientOp("append", key, client + "-" + i, start + i * gap));
      ops.add(new ClientOp("get", key, null, 0));
    }
    return ops;
  }

  @Test
  void quietRunCompletesEveryOperation() {
    RunPlan spec =
        PbFuzz.plan(
            3,
            null,
            List.of(appends("c1", "x", 10, 100, 30), appends("c2", "x", 10, 100, 30)),
            NetworkConfig.RELIABLE,
            List.of(),
            1,
            2000,
            1000);
    ClusterRun.Result r = ClusterRun.run(spec);
    assertNull(r.property(), r.message());
    assertEquals(80, r.history().size());
  }

  @Test
  void primaryCrashFailsOverWithoutLosingWrites() {
    InMemoryTrace trace = new InMemoryTrace();
    RunPlan spec =
        PbFuzz.plan(
            3,
            null,
            List.of(appends("c1", "x", 10, 100, 40), appends("c2", "x", 10, 100, 40)),
            NetworkConfig.RELIABLE,
            List.of(new ScheduledFault(300, new Fault.Crash(NodeId.of("s1")))),
            1,
            2000,
            1000);
    ClusterRun.Result r = ClusterRun.run(spec, trace);
    if (!r.passed()) {
      trace.lines().stream()
          .filter(l -> !l.contains("Ping") && !l.contains("ViewReply"))
          .limit(400)
          .forEach(System.out::println);
    }
    assertNull(r.property(), r.message());
  }
}
