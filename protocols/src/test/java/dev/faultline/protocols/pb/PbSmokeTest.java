package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.Latency;
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

  /**
   * A stabilized network (1-11 ticks of latency, as the swarm draws) after two early failures that
   * leave the servers' ping timers out of phase with the view server's check: view 1, view 2 (a
   * backup), one failover when the primary s3 crashes, and then no change for 5,700 ticks. Before
   * the view server decided deaths only at its check, this run changed views 35 times (about once
   * per 200 ticks): a ping just after a check found the backup's last ping two intervals back.
   */
  @Test
  void stabilizedNetworkKeepsItsViews() {
    RunPlan spec =
        PbFuzz.plan(
            3,
            null,
            List.of(appends("c1", "x", 10, 100, 500)),
            NetworkConfig.quiet(new Latency.Uniform(1, 11)),
            List.of(
                new ScheduledFault(40, new Fault.Crash(NodeId.of("s2"))),
                new ScheduledFault(74, new Fault.Restart(NodeId.of("s2"), false)),
                new ScheduledFault(200, new Fault.Crash(NodeId.of("s3"))),
                new ScheduledFault(234, new Fault.Restart(NodeId.of("s3"), false))),
            1,
            6000,
            1500);
    ClusterRun.Result r = ClusterRun.run(spec);
    assertNull(r.property(), r.message());
    assertEquals(3, PbFuzz.viewChanges(r), "view changes: start-up (2) and one failover");
  }
}
