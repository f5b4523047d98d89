package dev.faultline.scenario.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.sim.world.RunOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's complete verdict: every property it checked, in the order a reader needs them (what broke
 * first, then everything else), each with its outcome. A Liveness failure is never shown as a green
 * "linearizable" alone, and a property that was not checked says why.
 */
public final class PropertyChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PropertyChecks() {}

  public static List<PropertyCheck> of(ScenarioResult r) {
    List<PropertyCheck> all = new ArrayList<>();
    all.addAll(invariants(r));
    all.add(linearizability(r));
    if (r.outcome().stop() == RunOutcome.Stop.EVENT_LIMIT) {
      all.add(new PropertyCheck("Run bound", "run", PropertyCheck.INCONCLUSIVE, r.message()));
    }
    all.add(liveness(r));
    if (r.progressLimit() != null) {
      all.add(
          new PropertyCheck(
              "Progress limit",
              "progress-limit",
              PropertyCheck.DECLARED,
              "a node declared a known progress limit at the end of the run ("
                  + r.progressLimit()
                  + "): the protocol cannot make progress here by design"));
    }
    List<PropertyCheck> ordered = new ArrayList<>();
    all.stream().filter(PropertyCheck::bad).forEach(ordered::add);
    all.stream().filter(c -> !c.bad()).forEach(ordered::add);
    return ordered;
  }

  private static List<PropertyCheck> invariants(ScenarioResult r) {
    List<PropertyCheck> out = new ArrayList<>();
    String stopped = " through tick " + r.outcome().tick();
    if (ScenarioRunner.EXCEPTION.equals(r.property())) {
      out.add(violated(r, "exception"));
    }
    boolean named = false;
    for (String name : r.invariants()) {
      if (name.equals(r.property())) {
        out.add(violated(r, "invariant"));
        named = true;
      } else {
        out.add(
            new PropertyCheck(
                name, "invariant", PropertyCheck.HELD, "held after every event" + stopped));
      }
    }
    boolean otherSafety =
        r.property() != null
            && !named
            && !r.property().equals(ScenarioRunner.EXCEPTION)
            && !r.property().equals("Linearizability")
            && !r.property().equals("Liveness");
    if (otherSafety) {
      out.add(violated(r, "invariant"));
    }
    return out;
  }

  private static PropertyCheck linearizability(ScenarioResult r) {
    String name = "Linearizability";
    if (r.linearizability() == null) {
      return notChecked(name, "linearizability", "the run stopped at a violation first");
    }
    if (operations(r.linearizability()) == 0) {
      return new PropertyCheck(
          name,
          "linearizability",
          PropertyCheck.NO_OPERATIONS,
          "the history has no operations, so there was nothing to check");
    }
    if (name.equals(r.property())) {
      return violated(r, "linearizability");
    }
    if (r.verdict() == Verdict.INCONCLUSIVE && isInconclusive(r.linearizability())) {
      return new PropertyCheck(name, "linearizability", PropertyCheck.INCONCLUSIVE, r.message());
    }
    return new PropertyCheck(
        name,
        "linearizability",
        PropertyCheck.HELD,
        "the history of " + operations(r.linearizability()) + " operations is linearizable");
  }

  private static PropertyCheck liveness(ScenarioResult r) {
    String name = "Liveness";
    if (r.scenario().stabilizeTicks() <= 0) {
      return notChecked(name, "liveness", "no stabilize phase (stabilizeTicks = 0)");
    }
    if (name.equals(r.property())) {
      return violated(r, "liveness");
    }
    if (r.outcome().stop() == RunOutcome.Stop.EVENT_LIMIT) {
      return notChecked(name, "liveness", "the run hit its event bound before its end");
    }
    if (r.property() != null || r.verdict() != Verdict.PASS) {
      return notChecked(
          name,
          "liveness",
          r.property() != null
              ? "checked only when safety held, and " + r.property() + " broke"
              : "checked only after a conclusive safety verdict");
    }
    return new PropertyCheck(
        name, "liveness", PropertyCheck.HELD, "every client finished its script after stabilizing");
  }

  private static PropertyCheck violated(ScenarioResult r, String kind) {
    return new PropertyCheck(
        r.property(),
        kind,
        PropertyCheck.VIOLATED,
        "at tick " + r.violationTick() + ": " + r.message());
  }

  private static PropertyCheck notChecked(String name, String kind, String why) {
    return new PropertyCheck(name, kind, PropertyCheck.NOT_CHECKED, why);
  }

  private static int operations(String explanationJson) {
    try {
      JsonNode n = JSON.readTree(explanationJson);
      return n.path("operations").asInt(-1);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static boolean isInconclusive(String explanationJson) {
    try {
      return JSON.readTree(explanationJson).path("verdict").asText().equals("inconclusive");
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
