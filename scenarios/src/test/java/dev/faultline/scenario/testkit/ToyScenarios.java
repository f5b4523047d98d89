package dev.faultline.scenario.testkit;

import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;

/** Scenario texts over {@link ToyKv} for tests. */
public final class ToyScenarios {
  public static final ProtocolRegistry REGISTRY = ProtocolRegistry.DEFAULT.with(new ToyKv());

  private ToyScenarios() {}

  /** A small valid scenario; {@code extra} is spliced in as more top-level fields. */
  public static String text(String variant, String expect, String extra) {
    return """
        {
          "name": "toy",
          "description": "toy run",
          "protocol": "toykv",
          "variant": %s,
          "nodes": 3,
          "clients": 2,
          "workload": {"ops": 40, "keys": 2, "thinkTicks": 10},
          "network": {"latency": {"minTicks": 1, "maxTicks": 5}, "dropRate": 0.05},
          "faults": [
            {"at": 100, "type": "crash", "node": "s1"},
            {"at": 150, "type": "restart", "node": "s1"}
          ],
          "seed": 7,
          "durationTicks": 2000,
          "stabilizeTicks": 1000,
          "expect": "%s"%s
        }
        """
        .formatted(
            variant == null ? "null" : "\"" + variant + "\"",
            expect,
            extra.isEmpty() ? "" : ",\n  " + extra);
  }

  public static Scenario scenario(String variant, String expect) {
    return new ScenarioReader(REGISTRY).parse(text(variant, expect, ""), "toy.json");
  }
}
