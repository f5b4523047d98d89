package dev.faultline.scenario.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.model.Workload;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.world.ClockConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@link Scenario} as a scenario file that {@link ScenarioReader} reads back to an equal
 * scenario (fuzz failures and shrunk scenarios are files users replay). Layout: one field per line,
 * one fault or client operation per line, so diffs between a scenario and its shrunk version read
 * well.
 */
public final class ScenarioWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ScenarioWriter() {}

  public static void write(Scenario s, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson(s));
  }

  public static String toJson(Scenario s) {
    List<String> fields = new ArrayList<>();
    fields.add(field("name", s.name()));
    fields.add(field("description", s.description()));
    fields.add(field("protocol", s.protocol()));
    fields.add(field("variant", s.variant()));
    fields.add(field("nodes", s.nodes()));
    fields.add(field("clients", s.clients()));
    if (!s.options().isEmpty()) {
      ObjectNode o = MAPPER.createObjectNode();
      s.options().forEach(o::put);
      fields.add(field("options", o));
    }
    fields.add("  \"workload\": " + workload(s.workload()));
    if (!s.network().equals(NetworkConfig.RELIABLE)) {
      fields.add(field("network", network(s.network())));
    }
    if (!s.clock().equals(ClockConfig.DEFAULT)) {
      fields.add(
          field(
              "clock",
              MAPPER.createObjectNode().put("uncertaintyTicks", s.clock().uncertaintyTicks())));
    }
    List<String> faults = new ArrayList<>();
    for (ScheduledFault f : s.faults()) {
      faults.add("    " + compact(fault(f)));
    }
    fields.add(
        "  \"faults\": "
            + (faults.isEmpty() ? "[]" : "[\n" + String.join(",\n", faults) + "\n  ]"));
    fields.add(field("seed", s.seed()));
    fields.add(field("durationTicks", s.durationTicks()));
    fields.add(field("stabilizeTicks", s.stabilizeTicks()));
    if (s.maxEvents() != Scenario.DEFAULT_MAX_EVENTS) {
      fields.add(field("maxEvents", s.maxEvents()));
    }
    fields.add(field("expect", s.expect()));
    return "{\n" + String.join(",\n", fields) + "\n}\n";
  }

  private static String workload(Workload w) {
    return switch (w) {
      case Workload.Generated g -> {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("ops", g.ops());
        o.put("keys", g.keys());
        ObjectNode mix = o.putObject("mix");
        g.mix().forEach(mix::put);
        o.put("thinkTicks", g.thinkTicks());
        yield compact(o);
      }
      case Workload.Script sc -> {
        List<String> clients = new ArrayList<>();
        for (List<ClientOp> ops : sc.script()) {
          List<String> lines = new ArrayList<>();
          for (ClientOp op : ops) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("f", op.f());
            o.put("key", op.key());
            if (op.value() != null) {
              o.put("value", op.value());
            }
            if (op.notBeforeTick() != 0) {
              o.put("notBeforeTick", op.notBeforeTick());
            }
            lines.add("      " + compact(o));
          }
          clients.add(
              lines.isEmpty() ? "    []" : "    [\n" + String.join(",\n", lines) + "\n    ]");
        }
        yield "{\"script\": [\n" + String.join(",\n", clients) + "\n  ]}";
      }
    };
  }

  static ObjectNode network(NetworkConfig n) {
    ObjectNode o = MAPPER.createObjectNode();
    ObjectNode lat = o.putObject("latency");
    switch (n.latency()) {
      case Latency.Fixed f -> lat.put("ticks", f.ticks());
      case Latency.Uniform u -> lat.put("minTicks", u.minTicks()).put("maxTicks", u.maxTicks());
      case Latency.LongTail t ->
          lat.put("minTicks", t.minTicks())
              .put("meanTicks", t.meanTicks())
              .put("maxTicks", t.maxTicks());
    }
    o.put("dropRate", n.dropRate());
    o.put("duplicateRate", n.duplicateRate());
    o.put("reorderRate", n.reorderRate());
    o.put("reorderTicksMax", n.reorderTicksMax());
    o.put("holdRate", n.holdRate());
    o.put("holdTicksMin", n.holdTicksMin());
    o.put("holdTicksMax", n.holdTicksMax());
    return o;
  }

  static ObjectNode fault(ScheduledFault sf) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("at", sf.tick());
    Fault fault = sf.fault();
    o.put("type", fault.type());
    switch (fault) {
      case Fault.Partition p -> {
        ArrayNode groups = o.putArray("groups");
        for (Set<NodeId> g : p.groups()) {
          ArrayNode a = groups.addArray();
          g.stream().sorted().forEach(n -> a.add(n.name()));
        }
      }
      case Fault.Isolate i -> o.put("node", i.node().name());
      case Fault.BlockLink b -> o.put("from", b.from().name()).put("to", b.to().name());
      case Fault.UnblockLink u -> o.put("from", u.from().name()).put("to", u.to().name());
      case Fault.Heal h -> {}
      case Fault.StabilizeAll st -> {}
      case Fault.Crash c -> o.put("node", c.node().name());
      case Fault.Restart r -> o.put("node", r.node().name()).put("wipeDisk", r.wipeDisk());
      case Fault.CrashRole c -> o.put("role", c.role());
      case Fault.IsolateRole i -> o.put("role", i.role()).put("keepClients", i.keepClients());
      case Fault.RestartLastCrashed r -> {}
      case Fault.RebootAfterAnnotation r -> o.put("key", r.key()).put("downTicks", r.downTicks());
      case Fault.IsolateAfterAnnotation r ->
          o.put("key", r.key()).put("isolateTicks", r.isolateTicks());
      case Fault.BlockAfterAnnotation b ->
          o.put("key", b.key()).put("to", b.to().name()).put("blockTicks", b.blockTicks());
      case Fault.ClockSkew k -> o.put("node", k.node().name()).put("offsetTicks", k.offsetTicks());
      case Fault.ClockDrift d -> o.put("node", d.node().name()).put("driftPpm", d.driftPpm());
      case Fault.HoldMessages h ->
          o.put("from", name(h.from()))
              .put("to", name(h.to()))
              .put("count", h.count())
              .put("holdTicks", h.holdTicks());
      case Fault.DropMessages d ->
          o.put("from", name(d.from())).put("to", name(d.to())).put("count", d.count());
      case Fault.SetNetwork n -> o.set("network", network(n.network()));
    }
    return o;
  }

  private static String name(NodeId id) {
    return id == null ? null : id.name();
  }

  private static String field(String name, Object value) {
    JsonNode node = MAPPER.valueToTree(value);
    return "  \"" + name + "\": " + compact(node);
  }

  private static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
