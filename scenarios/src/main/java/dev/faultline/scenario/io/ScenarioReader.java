package dev.faultline.scenario.io;

import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.model.Workload;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.world.ClockConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads and strictly validates scenario files (docs/reference/scenario-schema.md). Every mistake is
 * one {@link UserError} line: {@code <file>:<line>:<col>: <field path>: <problem>}. Validation
 * builds the cluster once, so node names, variants, options and expected property names are checked
 * against the protocol itself rather than a copy of its lists.
 */
public final class ScenarioReader {
  static final List<String> TOP_FIELDS =
      List.of(
          "kind",
          "name",
          "description",
          "protocol",
          "variant",
          "nodes",
          "clients",
          "options",
          "workload",
          "network",
          "clock",
          "faults",
          "seed",
          "durationTicks",
          "stabilizeTicks",
          "expect",
          "maxEvents");

  /** Every fault type a scenario may schedule (the switch in {@code fault} handles each). */
  public static final List<String> FAULT_TYPES =
      List.of(
          "partition",
          "isolate",
          "block",
          "unblock",
          "heal",
          "crash",
          "restart",
          "crash-role",
          "isolate-role",
          "restart-last",
          "reboot-after",
          "skew",
          "drift",
          "hold",
          "drop",
          "network",
          "stabilize",
          "isolate-after",
          "block-after");

  /** The fields every scenario file must have. */
  static final List<String> REQUIRED_FIELDS =
      List.of("name", "protocol", "nodes", "workload", "seed", "durationTicks");

  /** History-level properties every protocol has, besides its invariants. */
  public static final List<String> HISTORY_PROPERTIES =
      List.of("Linearizability", "Liveness", "Exception");

  static final long MAX_TICKS = 1L << 40;

  private final ProtocolRegistry registry;

  public ScenarioReader(ProtocolRegistry registry) {
    this.registry = registry;
  }

  /** Reads a scenario file with the default protocol registry. */
  public static Scenario read(Path file) {
    return new ScenarioReader(ProtocolRegistry.DEFAULT).readFile(file);
  }

  public Scenario readFile(Path file) {
    return parse(readText(file), file.toString());
  }

  /** The file's text, or a one-line error. */
  public static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file");
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
  }

  /** The file's top-level {@code "kind"} ("scenario" when absent), without validating the rest. */
  public static String kindOf(String text, String file) {
    Located root = LocatedJson.parse(text, file);
    if (root instanceof Located.Obj o && o.fields().get("kind") instanceof Located.Str s) {
      return s.value();
    }
    return "scenario";
  }

  /** Parses and validates {@code text}; {@code file} names it in errors. */
  public Scenario parse(String text, String file) {
    return new Parse(new Fields(file)).scenario(LocatedJson.parse(text, file));
  }

  /** One parse: the cluster-dependent facts (node names, properties) learned along the way. */
  private final class Parse {
    private final Fields f;
    private Set<String> nodeNames = Set.of();

    Parse(Fields f) {
      this.f = f;
    }

    Scenario scenario(Located rootValue) {
      Located.Obj root = f.object(rootValue);
      f.allowOnly(root, TOP_FIELDS.toArray(String[]::new));
      f.requireAll(root, REQUIRED_FIELDS.toArray(String[]::new));
      Located kind = f.optional(root, "kind");
      if (kind != null && !f.string(kind).equals("scenario")) {
        throw f.error(kind, "expected \"scenario\" here, got \"" + f.string(kind) + "\"");
      }
      String name = f.nonEmptyString(f.required(root, "name"));
      Located descriptionValue = f.optional(root, "description");
      String description = descriptionValue == null ? "" : f.string(descriptionValue);

      Located protocolValue = f.required(root, "protocol");
      String protocol = f.string(protocolValue);
      ClusterSpec spec = registry.byName(protocol);
      if (spec == null) {
        throw f.error(
            protocolValue,
            "unknown protocol '" + protocol + "'; known: " + String.join(", ", registry.names()));
      }
      String variant = variant(spec, f.optional(root, "variant"));
      Located nodesValue = f.required(root, "nodes");
      int nodes = (int) f.integer(nodesValue, 1, 99);
      SortedMap<String, String> options = options(f.optional(root, "options"));

      Located workloadValue = f.required(root, "workload");
      Workload workload = workload(workloadValue);
      int clients = clients(workload, f.optional(root, "clients"));
      long seed = f.integer(f.required(root, "seed"), Long.MIN_VALUE, Long.MAX_VALUE);

      ClusterParams params =
          new ClusterParams(nodes, variant, workload.opsFor(clients, seed), options);
      Cluster cluster = buildCluster(spec, protocolValue, root, params);
      Set<String> names = new LinkedHashSet<>();
      cluster.nodes().keySet().forEach(id -> names.add(id.name()));
      nodeNames = names;

      NetworkConfig network =
          f.optional(root, "network") == null
              ? NetworkConfig.RELIABLE
              : network(f.optional(root, "network"), NetworkConfig.RELIABLE);
      ClockConfig clock = clock(f.optional(root, "clock"));
      long durationTicks = f.integer(f.required(root, "durationTicks"), 1, MAX_TICKS);
      long stabilizeTicks = f.integer(root, "stabilizeTicks", 0, MAX_TICKS, 0);
      List<ScheduledFault> faults = faults(f.optional(root, "faults"), durationTicks);
      List<String> eventuallyNames = eventuallyNames(spec, params);
      String expect = expect(f.optional(root, "expect"), cluster, eventuallyNames, stabilizeTicks);
      long maxEvents = f.integer(root, "maxEvents", 1, Long.MAX_VALUE, Scenario.DEFAULT_MAX_EVENTS);
      return new Scenario(
          name,
          description,
          protocol,
          variant,
          nodes,
          clients,
          options,
          workload,
          network,
          clock,
          faults,
          seed,
          durationTicks,
          stabilizeTicks,
          expect,
          maxEvents);
    }

    /** A script's client count, which "clients" may repeat; else "clients" (default 1). */
    private int clients(Workload workload, Located clientsValue) {
      if (!(workload instanceof Workload.Script s)) {
        return clientsValue == null ? 1 : (int) f.integer(clientsValue, 1, 99);
      }
      int clients = s.script().size();
      if (clientsValue != null && f.integer(clientsValue, 1, 99) != clients) {
        throw f.error(
            clientsValue,
            "is "
                + f.integer(clientsValue, 1, 99)
                + " but workload.script has "
                + clients
                + " client scripts");
      }
      return clients;
    }

    private String variant(ClusterSpec spec, Located v) {
      String variant = f.nullableString(v);
      if (variant == null) {
        return null;
      }
      List<String> ids = spec.variants().stream().map(BugVariant::id).toList();
      if (!ids.contains(variant)) {
        throw f.error(
            v,
            "unknown variant '"
                + variant
                + "' of "
                + spec.name()
                + "; known: "
                + (ids.isEmpty() ? "(none)" : String.join(", ", ids))
                + " (omit it or use null for the correct protocol)");
      }
      return variant;
    }

    private SortedMap<String, String> options(Located v) {
      SortedMap<String, String> options = new TreeMap<>();
      if (v == null) {
        return options;
      }
      for (Map.Entry<String, Located> e : f.object(v).fields().entrySet()) {
        Located x = e.getValue();
        String value =
            switch (x) {
              case Located.Str s -> s.value();
              case Located.Bool b -> Boolean.toString(b.value());
              case Located.Num n -> n.text();
              default ->
                  throw f.error(
                      x,
                      "an option value must be a string, number or boolean, got " + x.typeName());
            };
        options.put(e.getKey(), value);
      }
      return options;
    }

    private Cluster buildCluster(
        ClusterSpec spec, Located protocolValue, Located.Obj root, ClusterParams params) {
      try {
        return spec.build(params);
      } catch (UnsupportedOperationException e) {
        throw f.error(
            protocolValue, "protocol '" + spec.name() + "' cannot run yet: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        Located at =
            f.optional(root, "options") != null
                ? f.optional(root, "options")
                : f.required(root, "nodes");
        throw f.error(at, spec.name() + " rejected the cluster: " + e.getMessage());
      }
    }

    private Workload workload(Located v) {
      Located.Obj o = f.object(v);
      if (o.fields().containsKey("script")) {
        f.allowOnly(o, "script");
        return script(f.required(o, "script"));
      }
      f.allowOnly(o, "ops", "keys", "mix", "thinkTicks", "script");
      int ops = (int) f.integer(f.required(o, "ops"), 0, 1_000_000);
      int keys = (int) f.integer(o, "keys", 1, 10_000, 3);
      long thinkTicks = f.integer(o, "thinkTicks", 0, MAX_TICKS, 20);
      SortedMap<String, Double> mix = new TreeMap<>();
      Located mixValue = f.optional(o, "mix");
      if (mixValue == null) {
        mix.put("get", 0.3);
        mix.put("put", 0.3);
        mix.put("append", 0.4);
      } else {
        Located.Obj m = f.object(mixValue);
        f.allowOnly(m, "get", "put", "append");
        double total = 0;
        for (Map.Entry<String, Located> e : m.fields().entrySet()) {
          double w = f.number(e.getValue());
          if (!(w >= 0) || Double.isInfinite(w)) {
            throw f.error(e.getValue(), "a weight must be >= 0, was " + w);
          }
          mix.put(e.getKey(), w);
          total += w;
        }
        if (!(total > 0)) {
          throw f.error(m, "at least one of get, put, append needs a weight > 0");
        }
      }
      return new Workload.Generated(ops, keys, mix, thinkTicks);
    }

    private Workload.Script script(Located v) {
      Located.Arr clients = f.array(v);
      if (clients.items().isEmpty()) {
        throw f.error(clients, "needs at least one client script (an array of operations)");
      }
      List<List<ClientOp>> script = new ArrayList<>();
      Set<String> written = new TreeSet<>();
      for (Located clientValue : clients.items()) {
        List<ClientOp> ops = new ArrayList<>();
        for (Located opValue : f.array(clientValue).items()) {
          ops.add(op(opValue, written));
        }
        script.add(ops);
      }
      return new Workload.Script(script);
    }

    private ClientOp op(Located v, Set<String> written) {
      Located.Obj o = f.object(v);
      f.allowOnly(o, "f", "key", "value", "notBeforeTick");
      Located fValue = f.required(o, "f");
      String fn = f.string(fValue);
      if (!List.of("get", "put", "append").contains(fn)) {
        throw f.error(fValue, "unknown operation '" + fn + "'; known: get, put, append");
      }
      String key = f.nonEmptyString(f.required(o, "key"));
      Located valueValue = f.optional(o, "value");
      String value = f.nullableString(valueValue);
      if (fn.equals("get") && value != null) {
        throw f.error(valueValue, "a get has no value (omit it or use null)");
      }
      if (!fn.equals("get")) {
        if (value == null) {
          throw f.error(
              valueValue == null ? f.required(o, "value") : valueValue,
              "a " + fn + " needs a string value");
        }
        if (!written.add(value)) {
          throw f.error(
              valueValue,
              "value '"
                  + value
                  + "' is written twice; written values must be unique (e.g. c1-1, c1-2)");
        }
      }
      long notBefore = f.integer(o, "notBeforeTick", 0, MAX_TICKS, 0);
      return new ClientOp(fn, key, value, notBefore);
    }

    private NetworkConfig network(Located v, NetworkConfig base) {
      Located.Obj o = f.object(v);
      f.allowOnly(
          o,
          "latency",
          "dropRate",
          "duplicateRate",
          "reorderRate",
          "reorderTicksMax",
          "holdRate",
          "holdTicksMin",
          "holdTicksMax");
      Latency latency =
          f.optional(o, "latency") == null ? base.latency() : latency(f.optional(o, "latency"));
      double drop = f.rate(o, "dropRate", 0);
      double dup = f.rate(o, "duplicateRate", 0);
      double reorder = f.rate(o, "reorderRate", 0);
      long reorderMax = f.integer(o, "reorderTicksMax", 0, MAX_TICKS, 0);
      double hold = f.rate(o, "holdRate", 0);
      long holdMin = f.integer(o, "holdTicksMin", 0, MAX_TICKS, 0);
      Located holdMaxValue = f.optional(o, "holdTicksMax");
      long holdMax = f.integer(o, "holdTicksMax", 0, MAX_TICKS, holdMin);
      if (holdMax < holdMin) {
        throw f.error(holdMaxValue, "must be >= holdTicksMin (" + holdMin + "), was " + holdMax);
      }
      if (hold > 0 && holdMax == 0) {
        throw f.error(f.optional(o, "holdRate"), "holdRate > 0 needs holdTicksMax > 0");
      }
      if (reorder > 0 && reorderMax == 0) {
        throw f.error(f.optional(o, "reorderRate"), "reorderRate > 0 needs reorderTicksMax > 0");
      }
      return new NetworkConfig(latency, drop, dup, reorder, reorderMax, hold, holdMin, holdMax);
    }

    private Latency latency(Located v) {
      Located.Obj o = f.object(v);
      f.allowOnly(o, "ticks", "minTicks", "meanTicks", "maxTicks");
      if (o.fields().containsKey("ticks")) {
        f.allowOnly(o, "ticks");
        return new Latency.Fixed(f.integer(f.required(o, "ticks"), 0, MAX_TICKS));
      }
      long min = f.integer(f.required(o, "minTicks"), 0, MAX_TICKS);
      Located maxValue = f.required(o, "maxTicks");
      long max = f.integer(maxValue, 0, MAX_TICKS);
      if (max < min) {
        throw f.error(maxValue, "must be >= minTicks (" + min + "), was " + max);
      }
      Located meanValue = f.optional(o, "meanTicks");
      if (meanValue != null) {
        long mean = f.integer(meanValue, 0, MAX_TICKS);
        if (mean < min || mean > max) {
          throw f.error(
              meanValue,
              "must be in [minTicks, maxTicks] = [" + min + ", " + max + "], was " + mean);
        }
        return new Latency.LongTail(min, mean, max);
      }
      return new Latency.Uniform(min, max);
    }

    private ClockConfig clock(Located v) {
      if (v == null) {
        return ClockConfig.DEFAULT;
      }
      Located.Obj o = f.object(v);
      f.allowOnly(o, "uncertaintyTicks");
      return new ClockConfig(
          f.integer(o, "uncertaintyTicks", 0, MAX_TICKS, ClockConfig.DEFAULT.uncertaintyTicks()));
    }

    private List<ScheduledFault> faults(Located v, long durationTicks) {
      List<ScheduledFault> faults = new ArrayList<>();
      if (v == null) {
        return faults;
      }
      for (Located item : f.array(v).items()) {
        Located.Obj o = f.object(item);
        Located atValue = f.required(o, "at");
        long at = f.integer(atValue, 0, MAX_TICKS);
        if (at >= durationTicks) {
          throw f.error(
              atValue,
              "fault at tick "
                  + at
                  + " is not before durationTicks ("
                  + durationTicks
                  + "); faults belong to the fault period");
        }
        faults.add(new ScheduledFault(at, fault(o)));
      }
      return faults;
    }

    private Fault fault(Located.Obj o) {
      Located typeValue = f.required(o, "type");
      String type = f.string(typeValue);
      return switch (type) {
        case "partition" -> partition(o);
        case "isolate" -> {
          f.allowOnly(o, "at", "type", "node");
          yield new Fault.Isolate(node(f.required(o, "node")));
        }
        case "block", "unblock" -> {
          f.allowOnly(o, "at", "type", "from", "to");
          NodeId from = node(f.required(o, "from"));
          NodeId to = node(f.required(o, "to"));
          yield type.equals("block")
              ? new Fault.BlockLink(from, to)
              : new Fault.UnblockLink(from, to);
        }
        case "heal" -> {
          f.allowOnly(o, "at", "type");
          yield new Fault.Heal();
        }
        case "stabilize" -> {
          f.allowOnly(o, "at", "type");
          yield new Fault.StabilizeAll();
        }
        case "crash" -> {
          f.allowOnly(o, "at", "type", "node");
          yield new Fault.Crash(node(f.required(o, "node")));
        }
        case "restart" -> {
          f.allowOnly(o, "at", "type", "node", "wipeDisk");
          NodeId node = node(f.required(o, "node"));
          Located wipe = f.optional(o, "wipeDisk");
          yield new Fault.Restart(node, wipe != null && f.bool(wipe));
        }
        case "crash-role", "isolate-role" -> roleFault(o, type);
        case "restart-last" -> {
          f.allowOnly(o, "at", "type");
          yield new Fault.RestartLastCrashed();
        }
        case "reboot-after" -> rebootAfter(o);
        case "isolate-after" -> isolateAfter(o);
        case "block-after" -> blockAfter(o);
        case "skew" -> {
          f.allowOnly(o, "at", "type", "node", "offsetTicks");
          NodeId node = node(f.required(o, "node"));
          yield new Fault.ClockSkew(
              node, f.integer(f.required(o, "offsetTicks"), -MAX_TICKS, MAX_TICKS));
        }
        case "drift" -> {
          f.allowOnly(o, "at", "type", "node", "driftPpm");
          NodeId node = node(f.required(o, "node"));
          yield new Fault.ClockDrift(
              node, f.integer(f.required(o, "driftPpm"), -999_999, 10_000_000));
        }
        case "hold" -> hold(o);
        case "drop" -> drop(o);
        case "network" -> {
          f.allowOnly(o, "at", "type", "network");
          yield new Fault.SetNetwork(network(f.required(o, "network"), NetworkConfig.RELIABLE));
        }
        default ->
            throw f.error(
                typeValue,
                "unknown fault type '" + type + "'; known: " + String.join(", ", FAULT_TYPES));
      };
    }

    private Fault partition(Located.Obj o) {
      f.allowOnly(o, "at", "type", "groups");
      Located.Arr groups = f.array(f.required(o, "groups"));
      if (groups.items().isEmpty()) {
        throw f.error(groups, "needs at least one group of nodes");
      }
      List<Set<NodeId>> sets = new ArrayList<>();
      Set<String> seen = new TreeSet<>();
      for (Located g : groups.items()) {
        Set<NodeId> set = new TreeSet<>();
        for (Located n : f.array(g).items()) {
          NodeId id = node(n);
          if (!seen.add(id.name())) {
            throw f.error(n, "node '" + id + "' is in more than one group");
          }
          set.add(id);
        }
        sets.add(set);
      }
      return new Fault.Partition(sets);
    }

    private Fault roleFault(Located.Obj o, String type) {
      boolean crash = type.equals("crash-role");
      if (crash) {
        f.allowOnly(o, "at", "type", "role");
      } else {
        f.allowOnly(o, "at", "type", "role", "keepClients");
      }
      Located roleValue = f.required(o, "role");
      String role = f.string(roleValue);
      if (role.isBlank()) {
        throw f.error(roleValue, "role must not be empty (e.g. \"leader\", \"primary\")");
      }
      Located keep = f.optional(o, "keepClients");
      return crash
          ? new Fault.CrashRole(role)
          : new Fault.IsolateRole(role, keep != null && f.bool(keep));
    }

    private Fault rebootAfter(Located.Obj o) {
      f.allowOnly(o, "at", "type", "key", "downTicks");
      Located keyValue = f.required(o, "key");
      String key = f.string(keyValue);
      if (key.isBlank()) {
        throw f.error(keyValue, "key must not be empty (an annotation key, e.g. \"vote\")");
      }
      return new Fault.RebootAfterAnnotation(
          key, f.integer(f.required(o, "downTicks"), 0, MAX_TICKS));
    }

    private Fault isolateAfter(Located.Obj o) {
      f.allowOnly(o, "at", "type", "key", "isolateTicks");
      Located keyValue = f.required(o, "key");
      String key = f.string(keyValue);
      if (key.isBlank()) {
        throw f.error(
            keyValue, "key must not be empty (an annotation key, e.g. \"config-appended\")");
      }
      return new Fault.IsolateAfterAnnotation(
          key, f.integer(f.required(o, "isolateTicks"), 1, MAX_TICKS));
    }

    private Fault blockAfter(Located.Obj o) {
      f.allowOnly(o, "at", "type", "key", "to", "blockTicks");
      Located keyValue = f.required(o, "key");
      String key = f.string(keyValue);
      if (key.isBlank()) {
        throw f.error(keyValue, "key must not be empty (an annotation key, e.g. \"start-view\")");
      }
      return new Fault.BlockAfterAnnotation(
          key, node(f.required(o, "to")), f.integer(f.required(o, "blockTicks"), 1, MAX_TICKS));
    }

    private Fault hold(Located.Obj o) {
      f.allowOnly(o, "at", "type", "from", "to", "count", "holdTicks");
      NodeId from = nullableNode(f.optional(o, "from"));
      NodeId to = nullableNode(f.optional(o, "to"));
      int count = (int) f.integer(f.required(o, "count"), 1, 1_000_000);
      long holdTicks = f.integer(f.required(o, "holdTicks"), 1, MAX_TICKS);
      return new Fault.HoldMessages(from, to, count, holdTicks);
    }

    private Fault drop(Located.Obj o) {
      f.allowOnly(o, "at", "type", "from", "to", "count");
      NodeId from = nullableNode(f.optional(o, "from"));
      NodeId to = nullableNode(f.optional(o, "to"));
      int count = (int) f.integer(f.required(o, "count"), 1, 1_000_000);
      return new Fault.DropMessages(from, to, count);
    }

    private NodeId nullableNode(Located v) {
      return v == null || v instanceof Located.Null ? null : node(v);
    }

    private NodeId node(Located v) {
      String name = f.string(v);
      if (!nodeNames.contains(name)) {
        throw f.error(v, "unknown node '" + name + "'; nodes: " + String.join(", ", nodeNames));
      }
      return NodeId.of(name);
    }

    /**
     * The names of the protocol's EVENTUALLY properties for this cluster: a failing seed's shrunk
     * scenario names one as its expectation, so a found failure of one replays.
     */
    private static List<String> eventuallyNames(ClusterSpec spec, ClusterParams params) {
      List<String> names = new ArrayList<>();
      for (Invariant e : spec.eventually(params)) {
        names.add(e.name());
      }
      return names;
    }

    private String expect(
        Located v, Cluster cluster, List<String> eventuallyNames, long stabilizeTicks) {
      if (v == null) {
        return Scenario.PASS;
      }
      String expect = f.string(v);
      List<String> known = new ArrayList<>();
      known.add(Scenario.PASS);
      for (Invariant inv : cluster.invariants()) {
        known.add(inv.name());
      }
      known.addAll(eventuallyNames);
      known.addAll(HISTORY_PROPERTIES);
      if (!known.contains(expect)) {
        throw f.error(v, "unknown property '" + expect + "'; known: " + String.join(", ", known));
      }
      if (expect.equals("Liveness") && stabilizeTicks == 0) {
        throw f.error(
            v,
            "expecting Liveness needs stabilizeTicks > 0 (liveness is only checked "
                + "after a stabilize phase)");
      }
      return expect;
    }
  }
}
