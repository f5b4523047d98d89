package dev.faultline.sim.explore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.trace.TraceJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A path found by the explorer, saved so that {@code faultline run FILE} can replay it and reports
 * can draw it. Each step names its action for people and carries a {@code key} (the action's
 * canonical fingerprint) that replay matches against the actions enabled at that point, so a
 * protocol change that alters the path is detected instead of silently replaying something else.
 *
 * <pre>{"kind":"counterexample","protocol":"raft","variant":"R1","servers":3,
 *  "workload":[[{"f":"put","key":"x","value":"c1-1","notBeforeTick":0}]],"options":{},
 *  "explore":{"maxCrashes":1,...},"end":"VIOLATION","property":"...","message":"...",
 *  "steps":[{"kind":"deliver","describe":"deliver s1->s2 ...","key":"3f..",
 *            "from":"s1","to":"s2","message":{"type":"RequestVote",...}}]}</pre>
 *
 * @param explore the explore options that shape the state graph (fault bounds, clock, duplicates)
 */
public record Counterexample(
    String protocol,
    String variant,
    int servers,
    List<List<ClientOp>> workload,
    SortedMap<String, String> options,
    ExploreOptions explore,
    String end,
    String property,
    String message,
    List<Step> steps) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One action: its kind, a readable description and the fingerprint replay matches. */
  public record Step(String kind, String describe, long key) {
    public static Step of(ExploreAction action) {
      return new Step(action.kind(), action.describe(), keyOf(action));
    }
  }

  public Counterexample {
    workload = List.copyOf(workload.stream().map(List::copyOf).toList());
    options = new TreeMap<>(options);
    steps = List.copyOf(steps);
  }

  /** The canonical, JVM-independent key of an action. */
  public static long keyOf(ExploreAction action) {
    return Fingerprints.of(action);
  }

  /** Builds the file contents for a result's path. */
  public static Counterexample of(
      String protocol,
      String variant,
      int servers,
      List<List<ClientOp>> workload,
      SortedMap<String, String> options,
      ExploreOptions explore,
      ExploreResult result) {
    return new Counterexample(
        protocol,
        variant,
        servers,
        workload,
        options,
        explore,
        result.end().name(),
        result.property(),
        result.message(),
        result.path().stream().map(Step::of).toList());
  }

  /** Pretty JSON; {@code actions} (same length as steps, may be null) adds readable detail. */
  public String toJson(List<ExploreAction> actions) {
    ObjectNode root = JSON.createObjectNode();
    root.put("kind", "counterexample");
    root.put("protocol", protocol);
    root.put("variant", variant);
    root.put("servers", servers);
    ArrayNode wl = root.putArray("workload");
    for (List<ClientOp> ops : workload) {
      ArrayNode client = wl.addArray();
      for (ClientOp op : ops) {
        ObjectNode o = client.addObject();
        o.put("f", op.f());
        o.put("key", op.key());
        o.put("value", op.value());
        o.put("notBeforeTick", op.notBeforeTick());
      }
    }
    ObjectNode opts = root.putObject("options");
    options.forEach(opts::put);
    ObjectNode ex = root.putObject("explore");
    ex.put("maxCrashes", explore.maxCrashes());
    ex.put("maxDrops", explore.maxDrops());
    ex.put("maxPartitions", explore.maxPartitions());
    ex.put("maxClockSteps", explore.maxClockSteps());
    ex.put("maxLinkCuts", explore.maxLinkCuts());
    ex.put("clockStepTicks", explore.clockStepTicks());
    ex.put("clockUncertaintyTicks", explore.clockUncertaintyTicks());
    ex.put("duplicates", explore.duplicates());
    if (explore.maxClockChoices() > 0) {
      ex.put("maxClockChoices", explore.maxClockChoices()); // part of the model: replay needs it
    }
    if (!explore.bounds().none()) {
      // The model bounds the search ran under (informational: replay needs none of them, as every
      // bounded path is also a path of the full model). Absent for the full model.
      ex.put("maxTimerRepeats", explore.bounds().maxTimerRepeats());
      ex.put("maxInFlightPerLink", explore.bounds().maxInFlightPerLink());
      ex.put("maxTimerFires", explore.bounds().maxTimerFires());
    }
    root.put("end", end);
    root.put("property", property);
    root.put("message", message);
    ArrayNode arr = root.putArray("steps");
    for (int k = 0; k < steps.size(); k++) {
      Step s = steps.get(k);
      ObjectNode o = arr.addObject();
      o.put("kind", s.kind());
      o.put("describe", s.describe());
      o.put("key", Long.toHexString(s.key()));
      if (actions != null) {
        addDetail(o, actions.get(k));
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void addDetail(ObjectNode o, ExploreAction a) {
    switch (a) {
      case ExploreAction.Deliver d -> {
        o.put("from", d.from().name());
        o.put("to", d.to().name());
        o.set("message", valueTree(d.message()));
      }
      case ExploreAction.Drop d -> {
        o.put("from", d.from().name());
        o.put("to", d.to().name());
        o.set("message", valueTree(d.message()));
      }
      case ExploreAction.FireTimer t -> {
        o.put("node", t.node().name());
        o.set("timer", valueTree(t.timer()));
      }
      case ExploreAction.Crash c -> o.put("node", c.node().name());
      case ExploreAction.Restart r -> o.put("node", r.node().name());
      case ExploreAction.Isolate i -> o.put("node", i.node().name());
      case ExploreAction.Block b -> {
        o.put("from", b.from().name());
        o.put("to", b.to().name());
      }
      case ExploreAction.Heal h -> {}
      case ExploreAction.ClockStep c -> o.put("ticks", c.ticks());
      case ExploreAction.ClockOffset c -> {
        o.put("node", c.node().name());
        o.put("offsetTicks", c.offsetTicks());
      }
    }
  }

  private static JsonNode valueTree(Object value) {
    try {
      return JSON.readTree(TraceJson.valueJson(value));
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(String.valueOf(value));
    }
  }

  /**
   * Reads a counterexample file. Problems are reported as {@link IllegalArgumentException} whose
   * message is one line naming {@code source} and the field.
   */
  public static Counterexample fromJson(String text, String source) {
    JsonNode root = readObject(text, source);
    if (!"counterexample".equals(root.path("kind").asText())) {
      throw new IllegalArgumentException(source + ": field 'kind' must be \"counterexample\"");
    }
    String protocol = text(root, "protocol", source, true);
    String variant = text(root, "variant", source, false);
    int servers = (int) number(root, "servers", source);
    List<List<ClientOp>> workload = workloadFrom(root.path("workload"), source);
    SortedMap<String, String> options = new TreeMap<>();
    JsonNode opts = root.path("options");
    if (opts.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = opts.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        options.put(e.getKey(), e.getValue().asText());
      }
    }
    ExploreOptions explore = exploreOptionsFrom(root.path("explore"));
    List<Step> steps = stepsFrom(root.path("steps"), source);
    return new Counterexample(
        protocol,
        variant,
        servers,
        workload,
        options,
        explore,
        root.path("end").asText("VIOLATION"),
        text(root, "property", source, false),
        text(root, "message", source, false),
        steps);
  }

  private static JsonNode readObject(String text, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new IllegalArgumentException(
          source + ":" + line + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": expected a JSON object");
    }
    return root;
  }

  private static List<List<ClientOp>> workloadFrom(JsonNode wl, String source) {
    if (!wl.isArray()) {
      throw new IllegalArgumentException(source + ": field 'workload' must be an array of arrays");
    }
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 0; c < wl.size(); c++) {
      List<ClientOp> ops = new ArrayList<>();
      JsonNode client = wl.get(c);
      if (!client.isArray()) {
        throw new IllegalArgumentException(
            source + ": field 'workload[" + c + "]' must be an array");
      }
      for (int k = 0; k < client.size(); k++) {
        JsonNode op = client.get(k);
        String where = "workload[" + c + "][" + k + "]";
        ops.add(
            new ClientOp(
                text(op, "f", source + ": " + where, true),
                text(op, "key", source + ": " + where, true),
                op.path("value").isNull() ? null : op.path("value").asText(null),
                op.path("notBeforeTick").asLong(0)));
      }
      workload.add(ops);
    }
    return workload;
  }

  private static ExploreOptions exploreOptionsFrom(JsonNode ex) {
    return ExploreOptions.defaults()
        .withFaults(
            ex.path("maxCrashes").asInt(0),
            ex.path("maxDrops").asInt(0),
            ex.path("maxPartitions").asInt(0),
            ex.path("maxClockSteps").asInt(0))
        .withClock(
            ex.path("clockStepTicks").asLong(100), ex.path("clockUncertaintyTicks").asLong(0))
        .withDuplicates(ex.path("duplicates").asBoolean(false))
        .withLinkCuts(ex.path("maxLinkCuts").asInt(0))
        .withClockChoices(Math.max(0, ex.path("maxClockChoices").asInt(0)))
        .withBounds(
            new ExploreBounds(
                Math.max(0, ex.path("maxTimerRepeats").asInt(0)),
                Math.max(0, ex.path("maxInFlightPerLink").asInt(0)),
                Math.max(0, ex.path("maxTimerFires").asInt(0))));
  }

  private static List<Step> stepsFrom(JsonNode arr, String source) {
    if (!arr.isArray()) {
      throw new IllegalArgumentException(source + ": field 'steps' must be an array");
    }
    List<Step> steps = new ArrayList<>();
    for (int k = 0; k < arr.size(); k++) {
      JsonNode s = arr.get(k);
      String where = source + ": steps[" + k + "]";
      String key = text(s, "key", where, true);
      long parsed;
      try {
        parsed = Long.parseUnsignedLong(key, 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + ": field 'key' must be hex, was '" + key + "'");
      }
      steps.add(new Step(text(s, "kind", where, true), s.path("describe").asText(""), parsed));
    }
    return steps;
  }

  private static String text(JsonNode node, String field, String where, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException(where + ": missing field '" + field + "'");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(where + ": field '" + field + "' must be a string");
    }
    return v.asText();
  }

  private static long number(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException(where + ": field '" + field + "' must be an integer");
    }
    return v.asLong();
  }
}
