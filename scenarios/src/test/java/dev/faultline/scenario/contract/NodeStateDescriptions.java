package dev.faultline.scenario.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.faultline.check.run.ClusterRun;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.trace.TraceJson;
import dev.faultline.sim.trace.TraceSink;
import java.util.TreeSet;

/**
 * The contract's node-state check: every node of a registered protocol (servers, clients, helpers
 * such as a view server) describes its state ({@link NodeState#describe()} is not the default), as
 * a JSON object, the same way twice and for a copy, without changing the state. Looked at halfway
 * through a drawn swarm run and at its end, so the states are not only the boot ones.
 */
final class NodeStateDescriptions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeStateDescriptions() {}

  static void check(ClusterSpec spec) {
    var scenario = SwarmPlan.scenario(FuzzConfig.of(spec.name(), null).withOps(40), 1);
    var plan = ScenarioRunner.plan(scenario, spec);
    TreeSet<String> seen = new TreeSet<>();
    ClusterRun.Result r =
        ClusterRun.run(
            plan,
            TraceSink.NONE,
            ClusterRun.Options.DEFAULT.withProbe(
                new ClusterRun.Probe(plan.durationTicks() / 2, w -> checkAll(spec, w, seen))));
    checkAll(spec, r.world(), seen);
    assertTrue(seen.size() >= 2, spec.name() + ": no node states looked at: " + seen);
  }

  private static void checkAll(ClusterSpec spec, SystemView view, TreeSet<String> seen) {
    for (NodeId id : view.nodes()) {
      NodeState<?> state = view.state(id);
      if (state != null) {
        checkOne(spec.name() + " " + id + " (" + state.getClass().getSimpleName() + ")", state);
        seen.add(id.name());
      }
    }
  }

  private static String fingerprint(NodeState<?> state) {
    Hasher h = Hashing.sha256().newHasher();
    state.fingerprint(h);
    return h.hash().toString();
  }

  static void checkOne(String who, NodeState<?> state) {
    StateDescription d = state.describe();
    if (d == null || !d.described()) {
      fail(
          who
              + " does not describe its state: override NodeState.describe() to return its"
              + " fields (StateDescription.of().put(...)), see docs/adding-a-protocol.md");
    }
    String before = fingerprint(state);
    String json = TraceJson.valueJson(d);
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(who + ": description is not valid JSON: " + json, e);
    }
    assertTrue(
        tree.isObject() && tree.size() > 0, who + ": description is no JSON object: " + json);
    assertEquals(json, TraceJson.valueJson(state.describe()), who + ": described twice, differs");
    assertEquals(
        json,
        TraceJson.valueJson(((NodeState<?>) state.copy()).describe()),
        who + ": a copy describes itself differently");
    assertEquals(before, fingerprint(state), who + ": describe() changed the state");
  }
}
