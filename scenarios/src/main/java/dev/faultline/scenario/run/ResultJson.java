package dev.faultline.scenario.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.stats.RunStatsJson;

/** {@code result.json}: the verdict of one run, for tools and CI. Field order is fixed. */
public final class ResultJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultJson() {}

  public static ObjectNode toNode(ScenarioResult r) {
    Scenario s = r.scenario();
    ObjectNode o = MAPPER.createObjectNode();
    o.put("scenario", s.name());
    o.put("protocol", s.protocol());
    o.put("variant", s.variant());
    o.put("seed", s.seed());
    o.put("nodes", s.nodes());
    o.put("clients", s.clients());
    o.put("operations", s.operationCount());
    o.put("faults", s.faults().size());
    o.put("expect", s.expect());
    o.put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
    o.put("property", r.property());
    putChecks(o, r.checks());
    if (r.progressLimit() != null) {
      o.put("progressLimit", r.progressLimit());
    }
    o.put("message", r.message());
    o.put("violationTick", r.violationTick());
    o.put("expectationMet", r.expectationMet());
    o.put("exitCode", r.exitCode());
    o.put("stop", r.outcome().stop().name().toLowerCase(java.util.Locale.ROOT));
    o.put("endTick", r.outcome().tick());
    o.put("events", r.outcome().events());
    o.put("historyEvents", r.history().size());
    o.put("traceEvents", r.traceEvents());
    o.put("traceSha256", r.traceSha256());
    o.set("stats", RunStatsJson.toNode(r.stats()));
    if (r.linearizability() != null) {
      try {
        JsonNode lin = MAPPER.readTree(r.linearizability());
        o.set("linearizability", lin);
      } catch (JsonProcessingException e) {
        o.put("linearizability", r.linearizability());
      }
    } else {
      o.putNull("linearizability");
    }
    return o;
  }

  /** The complete verdict as {@code "checks": [{property, kind, outcome, detail}...]}. */
  public static void putChecks(ObjectNode o, java.util.List<PropertyCheck> checks) {
    com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray("checks");
    for (PropertyCheck c : checks) {
      a.addObject()
          .put("property", c.property())
          .put("kind", c.kind())
          .put("outcome", c.outcome())
          .put("detail", c.detail());
    }
  }

  public static String toJson(ScenarioResult r) {
    try {
      return MAPPER.writeValueAsString(toNode(r)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
