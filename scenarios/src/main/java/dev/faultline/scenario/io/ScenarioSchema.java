package dev.faultline.scenario.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON Schema (draft 2020-12) of scenario files, generated from what {@link ScenarioReader}
 * accepts: its top-level and required fields, its fault types, its ranges, and — from the protocol
 * registry — each protocol's variants and the properties a scenario may expect. The committed copy
 * is docs/reference/scenario.schema.json (a test keeps it equal to this). The schema checks shape;
 * what needs the cluster (node names, a protocol's options, unique written values) is checked by
 * the reader, and {@code faultline validate} runs both.
 */
public final class ScenarioSchema {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;
  private static final long MAX = ScenarioReader.MAX_TICKS;

  private ScenarioSchema() {}

  public static ObjectNode generate(ProtocolRegistry registry) {
    ObjectNode s = J.objectNode();
    s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    s.put("$id", "https://faultline.dev/schema/scenario.schema.json");
    s.put("title", "Faultline scenario");
    s.put("description", "A scenario file (docs/reference/scenario-schema.md).");
    s.put("type", "object");
    Map<String, JsonNode> p = new LinkedHashMap<>();
    p.put("kind", J.objectNode().put("const", "scenario"));
    p.put("name", str(1));
    p.put("description", J.objectNode().put("type", "string"));
    p.put("protocol", enumOf(registry.names()));
    p.put("variant", types("string", "null"));
    p.put("nodes", integer(1, 99));
    p.put("clients", integer(1, 99));
    p.put("options", options());
    p.put("workload", workload());
    p.put("network", network());
    p.put("clock", object(Map.of("uncertaintyTicks", integer(0, MAX)), List.of()));
    p.put("faults", J.objectNode().put("type", "array").set("items", fault()));
    p.put("seed", J.objectNode().put("type", "integer"));
    p.put("durationTicks", integer(1, MAX));
    p.put("stabilizeTicks", integer(0, MAX));
    p.put("expect", J.objectNode().put("type", "string"));
    p.put("maxEvents", integer(1, Long.MAX_VALUE));
    if (!p.keySet().equals(new java.util.LinkedHashSet<>(ScenarioReader.TOP_FIELDS))) {
      throw new IllegalStateException("schema fields differ from the reader's: " + p.keySet());
    }
    ObjectNode props = s.putObject("properties");
    p.forEach(props::set);
    stringArray(s.putArray("required"), ScenarioReader.REQUIRED_FIELDS);
    s.put("additionalProperties", false);
    ArrayNode perProtocol = s.putArray("allOf");
    for (String name : registry.names()) {
      perProtocol.add(protocolRule(registry.byName(name)));
    }
    return s;
  }

  /**
   * If protocol is P: variant is one of P's ids (or null); expect lists P's properties as examples.
   */
  private static ObjectNode protocolRule(ClusterSpec spec) {
    ObjectNode rule = J.objectNode();
    ObjectNode test = rule.putObject("if");
    test.putArray("required").add("protocol");
    test.putObject("properties").set("protocol", J.objectNode().put("const", spec.name()));
    List<Object> variants = new ArrayList<>();
    variants.add(null);
    spec.variants().stream().map(BugVariant::id).forEach(variants::add);
    List<Object> expect = new ArrayList<>();
    expect.add("pass");
    expect.addAll(invariantNames(spec));
    expect.addAll(ScenarioReader.HISTORY_PROPERTIES);
    ObjectNode then = rule.putObject("then").putObject("properties");
    then.set("variant", enumOf(variants));
    // Examples, not an enum: which invariants a cluster checks may depend on its options (e.g.
    // vr's durableView adds ViewMonotonic), so the reader checks expect against the built cluster.
    ObjectNode expectSchema = J.objectNode().put("type", "string");
    expectSchema.set("examples", enumOf(expect).get("enum"));
    then.set("expect", expectSchema);
    return rule;
  }

  /**
   * The invariants a default cluster of the protocol checks, with the correct protocol or any of
   * its variants (a variant may add a check), in first-seen order; none if it cannot be built.
   * Options may add more (the reader knows them all).
   */
  private static List<String> invariantNames(ClusterSpec spec) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    List<String> variants = new ArrayList<>();
    variants.add(null);
    spec.variants().forEach(v -> variants.add(v.id()));
    for (String variant : variants) {
      try {
        spec.freshInvariants(new ClusterParams(3, variant, List.of(List.of()), new TreeMap<>()))
            .forEach(inv -> names.add(inv.name()));
      } catch (RuntimeException e) {
        // e.g. a protocol that cannot run yet: the reader names the problem
      }
    }
    return new ArrayList<>(names);
  }

  private static ObjectNode options() {
    ObjectNode o = J.objectNode().put("type", "object");
    o.set("additionalProperties", types("string", "number", "boolean"));
    return o;
  }

  private static ObjectNode workload() {
    ObjectNode op =
        object(
            ordered(
                "f", enumOf(List.of("get", "put", "append")),
                "key", str(1),
                "value", J.objectNode().put("type", "string"),
                "notBeforeTick", integer(0, MAX)),
            List.of("f", "key"));
    ObjectNode script = J.objectNode().put("type", "array");
    script.set("items", J.objectNode().put("type", "array").set("items", op));
    ObjectNode scripted = object(ordered("script", script), List.of("script"));
    ObjectNode mix =
        object(
            ordered("get", ratioWeight(), "put", ratioWeight(), "append", ratioWeight()),
            List.of());
    ObjectNode generated =
        object(
            ordered(
                "ops", integer(0, 1_000_000),
                "keys", integer(1, 10_000),
                "mix", mix,
                "thinkTicks", integer(0, MAX),
                "script", script),
            List.of("ops"));
    ObjectNode w = J.objectNode();
    w.putArray("anyOf").add(scripted).add(generated);
    return w;
  }

  private static ObjectNode network() {
    ObjectNode fixed = object(ordered("ticks", integer(0, MAX)), List.of("ticks"));
    ObjectNode range =
        object(
            ordered(
                "minTicks", integer(0, MAX),
                "meanTicks", integer(0, MAX),
                "maxTicks", integer(0, MAX)),
            List.of("minTicks", "maxTicks"));
    ObjectNode latency = J.objectNode();
    latency.putArray("anyOf").add(fixed).add(range);
    return object(
        ordered(
            "latency", latency,
            "dropRate", rate(),
            "duplicateRate", rate(),
            "reorderRate", rate(),
            "reorderTicksMax", integer(0, MAX),
            "holdRate", rate(),
            "holdTicksMin", integer(0, MAX),
            "holdTicksMax", integer(0, MAX)),
        List.of());
  }

  /** A fault: "at" and "type", then the fields of its type (each type's own rule). */
  private static ObjectNode fault() {
    ObjectNode f = J.objectNode().put("type", "object");
    f.putObject("properties")
        .<ObjectNode>set("at", integer(0, MAX))
        .set("type", enumOf(new ArrayList<>(ScenarioReader.FAULT_TYPES)));
    stringArray(f.putArray("required"), List.of("at", "type"));
    ArrayNode rules = f.putArray("allOf");
    Map<String, FaultFields> table = FaultFields.TABLE;
    if (!table.keySet().equals(new java.util.LinkedHashSet<>(ScenarioReader.FAULT_TYPES))) {
      throw new IllegalStateException("fault fields table differs from the reader's fault types");
    }
    table.forEach(
        (type, fields) -> {
          ObjectNode rule = rules.addObject();
          ObjectNode test = rule.putObject("if");
          test.putArray("required").add("type");
          test.putObject("properties").set("type", J.objectNode().put("const", type));
          Map<String, JsonNode> props = new LinkedHashMap<>();
          props.put("at", J.objectNode());
          props.put("type", J.objectNode());
          props.putAll(fields.properties());
          List<String> required = new ArrayList<>(List.of("at", "type"));
          required.addAll(fields.required());
          rule.set("then", object(props, required));
        });
    return f;
  }

  /** The fields of one fault type beyond "at" and "type". */
  record FaultFields(Map<String, JsonNode> properties, List<String> required) {
    static final Map<String, FaultFields> TABLE = table();

    private static Map<String, FaultFields> table() {
      JsonNode node = str(1);
      JsonNode anyNode = types("string", "null");
      Map<String, FaultFields> t = new LinkedHashMap<>();
      ObjectNode groups = J.objectNode().put("type", "array").put("minItems", 1);
      groups.set("items", J.objectNode().put("type", "array").set("items", node));
      t.put("partition", of(ordered("groups", groups), "groups"));
      t.put("isolate", of(ordered("node", node), "node"));
      t.put("block", of(ordered("from", node, "to", node), "from", "to"));
      t.put("unblock", of(ordered("from", node, "to", node), "from", "to"));
      t.put("heal", of(ordered()));
      t.put("crash", of(ordered("node", node), "node"));
      JsonNode bool = J.objectNode().put("type", "boolean");
      t.put("restart", of(ordered("node", node, "wipeDisk", bool), "node"));
      t.put("crash-role", of(ordered("role", str(1)), "role"));
      t.put("isolate-role", of(ordered("role", str(1), "keepClients", bool), "role"));
      t.put("restart-last", of(ordered()));
      t.put(
          "reboot-after",
          of(ordered("key", str(1), "downTicks", integer(0, MAX)), "key", "downTicks"));
      t.put(
          "skew",
          of(ordered("node", node, "offsetTicks", integer(-MAX, MAX)), "node", "offsetTicks"));
      t.put(
          "drift",
          of(ordered("node", node, "driftPpm", integer(-999_999, 10_000_000)), "node", "driftPpm"));
      t.put(
          "hold",
          of(
              ordered(
                  "from",
                  anyNode,
                  "to",
                  anyNode,
                  "count",
                  integer(1, 1_000_000),
                  "holdTicks",
                  integer(1, MAX)),
              "count",
              "holdTicks"));
      t.put(
          "drop",
          of(ordered("from", anyNode, "to", anyNode, "count", integer(1, 1_000_000)), "count"));
      t.put("network", of(ordered("network", network()), "network"));
      t.put("stabilize", of(ordered()));
      t.put(
          "isolate-after",
          of(ordered("key", str(1), "isolateTicks", integer(1, MAX)), "key", "isolateTicks"));
      t.put(
          "block-after",
          of(
              ordered("key", str(1), "to", node, "blockTicks", integer(1, MAX)),
              "key",
              "to",
              "blockTicks"));
      return t;
    }

    private static FaultFields of(Map<String, JsonNode> properties, String... required) {
      return new FaultFields(properties, List.of(required));
    }
  }

  private static Map<String, JsonNode> ordered(Object... nameThenSchema) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenSchema.length; i += 2) {
      m.put((String) nameThenSchema[i], (JsonNode) nameThenSchema[i + 1]);
    }
    return m;
  }

  private static ObjectNode object(Map<String, JsonNode> properties, List<String> required) {
    ObjectNode o = J.objectNode().put("type", "object");
    ObjectNode props = o.putObject("properties");
    properties.forEach(props::set);
    if (!required.isEmpty()) {
      stringArray(o.putArray("required"), required);
    }
    o.put("additionalProperties", false);
    return o;
  }

  private static ObjectNode integer(long min, long max) {
    return J.objectNode().put("type", "integer").put("minimum", min).put("maximum", max);
  }

  private static ObjectNode rate() {
    return J.objectNode().put("type", "number").put("minimum", 0).put("maximum", 1);
  }

  private static ObjectNode ratioWeight() {
    return J.objectNode().put("type", "number").put("minimum", 0);
  }

  private static ObjectNode str(int minLength) {
    return J.objectNode().put("type", "string").put("minLength", minLength);
  }

  private static ObjectNode types(String... names) {
    ObjectNode o = J.objectNode();
    ArrayNode a = o.putArray("type");
    for (String n : names) {
      a.add(n);
    }
    return o;
  }

  private static ObjectNode enumOf(List<?> values) {
    ObjectNode o = J.objectNode();
    ArrayNode a = o.putArray("enum");
    for (Object v : values) {
      if (v == null) {
        a.addNull();
      } else {
        a.add(v.toString());
      }
    }
    return o;
  }

  private static void stringArray(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }
}
