package dev.faultline.protocols.pb;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.sim.trace.InMemoryTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Prints a fuzz seed's trace (minus pings) when run with -Dfl.pb.debugSeed=N. */
class PbDebugTest {
  @Test
  @EnabledIfSystemProperty(named = "fl.pb.debugSeed", matches = "-?[0-9]+")
  void dump() {
    Long seed = Long.getLong("fl.pb.debugSeed");
    if (seed == null) {
      return;
    }
    String variant = System.getProperty("fl.pb.debugVariant");
    InMemoryTrace t = new InMemoryTrace();
    ClusterRun.Result r = ClusterRun.run(PbFuzz.plan(seed, variant), t);
    System.out.println("RESULT " + r.property() + ": " + r.message());
    System.out.println("PLAN " + PbFuzz.plan(seed, variant));
    t.lines().stream()
        .filter(
            l ->
                Boolean.getBoolean("fl.pb.pings")
                    || !(l.contains("\"Ping\"")
                        || l.contains("\"ViewReply\"")
                        || l.contains("PingTick")
                        || l.contains("PingCheck")))
        .forEach(System.out::println);
  }
}
