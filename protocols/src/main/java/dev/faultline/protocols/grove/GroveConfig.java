package dev.faultline.protocols.grove;

import dev.faultline.sim.api.BooleanOption;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Grove cluster's configuration: the servers, the bug variant (null: correct), the first
 * configuration and the planned reconfigurations, and the timing, in ticks (the kernel's default
 * latency is 1-5 ticks; clocks read [local - 10, local + 10] by default).
 *
 * @param initial the first configuration (primary first), installed by the admin at boot
 * @param reconfig the planned reconfigurations, in order
 * @param watchdog the admin probes the servers and reconfigures when the primary fails or stalls
 * @param swarmClock "within": the fuzzer's clock faults for grove stay within the uncertainty;
 *     "beyond": they exceed it (the lease promise is void)
 * @param rotateStateSource the admin takes the state from old server {@code (epoch + attempt) mod
 *     n} instead of the first (the primary): gokv's admin picks a random old server, so a backup is
 *     sealed while the primary may still be writing
 * @param bootEpoch the first configuration is active from boot (epoch 1, its first server primary,
 *     clients know it), as right after the admin's initial setup: the explorer's small models start
 *     there instead of spending a dozen steps on the setup
 */
public record GroveConfig(
    List<NodeId> servers,
    GroveBug bug,
    List<NodeId> initial,
    List<ReconfigStep> reconfig,
    boolean watchdog,
    String swarmClock,
    boolean rotateStateSource,
    boolean bootEpoch,
    long leaseTicks,
    long renewTicks,
    long primaryTickTicks,
    long adminRetryTicks,
    long watchTicks,
    long stallTicks,
    long clientRetryTicks) {

  /** A planned reconfiguration: at {@code tick}, move to {@code servers} (primary first). */
  public record ReconfigStep(long tick, List<NodeId> servers) {
    public ReconfigStep {
      servers = List.copyOf(servers);
    }
  }

  /** Every option a scenario may set, with its default. */
  public static final Map<String, String> OPTIONS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("initialServers", ""),
              Map.entry("reconfig", ""),
              Map.entry("watchdog", "true"),
              Map.entry("swarmClock", "within"),
              Map.entry("swarmLeaseEdge", "false"),
              Map.entry("stateFrom", "first"),
              Map.entry("bootEpoch", "false"),
              Map.entry("leaseTicks", "100"),
              Map.entry("renewTicks", "30"),
              Map.entry("primaryTickTicks", "10"),
              Map.entry("adminRetryTicks", "30"),
              Map.entry("watchTicks", "80"),
              Map.entry("stallTicks", "80"),
              Map.entry("clientRetryTicks", "60")));

  public GroveConfig {
    servers = List.copyOf(servers);
    initial = List.copyOf(initial);
    reconfig = List.copyOf(reconfig);
    if (renewTicks < 1 || leaseTicks <= renewTicks) {
      throw new IllegalArgumentException("grove: need 1 <= renewTicks < leaseTicks");
    }
    if (primaryTickTicks < 1
        || adminRetryTicks < 1
        || watchTicks < 1
        || stallTicks < 1
        || clientRetryTicks < 1) {
      throw new IllegalArgumentException("grove: every *Ticks option must be >= 1");
    }
  }

  static GroveConfig from(List<NodeId> servers, String variant, Map<String, String> options) {
    TreeSet<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(OPTIONS.keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown grove option(s) " + unknown + " (known: " + OPTIONS.keySet() + ")");
    }
    Map<String, String> o = new TreeMap<>(OPTIONS);
    o.putAll(options);
    String initialText = o.get("initialServers");
    List<NodeId> initial =
        initialText.isBlank() ? servers : parseServers("initialServers", initialText, servers);
    String swarmClock = o.get("swarmClock");
    if (!swarmClock.equals("within") && !swarmClock.equals("beyond")) {
      throw new IllegalArgumentException(
          "grove option 'swarmClock' must be within or beyond, was '" + swarmClock + "'");
    }
    bool(o, "swarmLeaseEdge"); // read only by the fuzzer (GroveSwarm), validated here
    String stateFrom = o.get("stateFrom");
    if (!stateFrom.equals("first") && !stateFrom.equals("rotate")) {
      throw new IllegalArgumentException(
          "grove option 'stateFrom' must be first or rotate, was '" + stateFrom + "'");
    }
    return new GroveConfig(
        servers,
        GroveBug.parse(variant),
        initial,
        parseReconfig(o.get("reconfig"), servers),
        bool(o, "watchdog"),
        swarmClock,
        stateFrom.equals("rotate"),
        bool(o, "bootEpoch"),
        ticks(o, "leaseTicks"),
        ticks(o, "renewTicks"),
        ticks(o, "primaryTickTicks"),
        ticks(o, "adminRetryTicks"),
        ticks(o, "watchTicks"),
        ticks(o, "stallTicks"),
        ticks(o, "clientRetryTicks"));
  }

  /** Steps {@code TICK:s1,s2;TICK:s3,s1} (each configuration lists its primary first). */
  static List<ReconfigStep> parseReconfig(String text, List<NodeId> servers) {
    List<ReconfigStep> steps = new ArrayList<>();
    if (text.isBlank()) {
      return steps;
    }
    for (String part : text.split(";")) {
      String[] tickAndServers = part.trim().split(":");
      if (tickAndServers.length != 2) {
        throw new IllegalArgumentException(
            "grove option 'reconfig': step '" + part + "' must be TICK:s1,s2,...");
      }
      long tick;
      try {
        tick = Long.parseLong(tickAndServers[0].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "grove option 'reconfig': '" + tickAndServers[0] + "' is not a tick");
      }
      steps.add(new ReconfigStep(tick, parseServers("reconfig", tickAndServers[1], servers)));
    }
    return steps;
  }

  private static List<NodeId> parseServers(String option, String text, List<NodeId> servers) {
    List<NodeId> out = new ArrayList<>();
    for (String name : text.split(",")) {
      NodeId id = NodeId.of(name.trim());
      if (!servers.contains(id) || out.contains(id)) {
        throw new IllegalArgumentException(
            "grove option '" + option + "': '" + name.trim() + "' is not a distinct server");
      }
      out.add(id);
    }
    return out;
  }

  private static boolean bool(Map<String, String> o, String name) {
    return BooleanOption.parse(o, "grove", name, false); // every option has a default in o
  }

  private static long ticks(Map<String, String> o, String name) {
    try {
      return Long.parseLong(o.get(name).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "grove option '" + name + "' must be a number of ticks, was '" + o.get(name) + "'");
    }
  }
}
