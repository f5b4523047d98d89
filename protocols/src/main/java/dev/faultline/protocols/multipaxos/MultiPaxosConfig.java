package dev.faultline.protocols.multipaxos;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Cluster layout, bug variant and timing in ticks (the kernel's default latency is 1-5 ticks). A
 * leader heartbeats every {@code heartbeatTicks}; a follower that hears none for a random time in
 * [leaderTimeoutTicksMin, leaderTimeoutTicksMax] (doubled per preemption in a row, up to four
 * times) starts phase 1.
 */
public record MultiPaxosConfig(
    List<NodeId> servers,
    MultiPaxosBug bug,
    int window,
    long heartbeatTicks,
    long leaderTimeoutTicksMin,
    long leaderTimeoutTicksMax,
    long scoutRetryTicks,
    long proposeRetryTicks,
    long clientRetryTicks,
    ImmutableSortedSet<NodeId> initialMembers,
    ImmutableList<ReconfigStep> reconfig) {

  /** An admin's step: at {@code notBeforeTick} it asks for acceptor set {@code members}. */
  public record ReconfigStep(long notBeforeTick, ImmutableSortedSet<NodeId> members) {}

  /** Options a scenario may set, with their defaults. */
  public static final Map<String, String> OPTIONS =
      Map.of(
          "window", "5",
          "heartbeatTicks", "20",
          "leaderTimeoutTicksMin", "150",
          "leaderTimeoutTicksMax", "300",
          "clientRetryTicks", "200",
          "initialMembers", "",
          "reconfig", "");

  /** Decisions sent to a lagging replica per heartbeat reply. */
  static final int CATCH_UP_BATCH = 32;

  /** Highest back-off level: the leader timeout range is multiplied by at most 2^this. */
  static final int MAX_BACKOFF = 2;

  public MultiPaxosConfig {
    servers = List.copyOf(servers);
    if (window < 1
        || heartbeatTicks < 1
        || leaderTimeoutTicksMin <= heartbeatTicks
        || leaderTimeoutTicksMax < leaderTimeoutTicksMin
        || clientRetryTicks < 1) {
      throw new IllegalArgumentException(
          "multipaxos options: need window >= 1, heartbeatTicks >= 1, heartbeatTicks <"
              + " leaderTimeoutTicksMin <= leaderTimeoutTicksMax, clientRetryTicks >= 1");
    }
  }

  public static MultiPaxosConfig from(
      List<NodeId> servers, String variant, SortedMap<String, String> options) {
    List<String> unknown = new ArrayList<>();
    for (String k : options.keySet()) {
      if (!OPTIONS.containsKey(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown multipaxos option(s) "
              + unknown
              + " (known: "
              + new java.util.TreeSet<>(OPTIONS.keySet())
              + ")");
    }
    long heartbeat = number(options, "heartbeatTicks");
    return new MultiPaxosConfig(
        servers,
        MultiPaxosBug.parse(variant),
        (int) number(options, "window"),
        heartbeat,
        number(options, "leaderTimeoutTicksMin"),
        number(options, "leaderTimeoutTicksMax"),
        2 * heartbeat,
        3 * heartbeat,
        number(options, "clientRetryTicks"),
        options.containsKey("initialMembers")
            ? members("initialMembers", options.get("initialMembers"), servers)
            : ImmutableSortedSet.copyOf(servers),
        reconfig(options.getOrDefault("reconfig", ""), servers));
  }

  /** {@code "800:s1,s2;2000:s2,s3,s4"}: one admin node (a1, a2, ...) per step. */
  private static ImmutableList<ReconfigStep> reconfig(String text, List<NodeId> servers) {
    List<ReconfigStep> steps = new ArrayList<>();
    for (String part : text.isBlank() ? new String[0] : text.split(";")) {
      String[] tickAndMembers = part.trim().split(":");
      if (tickAndMembers.length != 2) {
        throw new IllegalArgumentException(
            "multipaxos option 'reconfig': step '" + part + "' must be TICK:s1,s2,...");
      }
      long tick;
      try {
        tick = Long.parseLong(tickAndMembers[0].trim());
      } catch (NumberFormatException e) {
        tick = -1;
      }
      if (tick < 0) {
        throw new IllegalArgumentException(
            "multipaxos option 'reconfig': '" + tickAndMembers[0] + "' is not a tick");
      }
      steps.add(new ReconfigStep(tick, members("reconfig", tickAndMembers[1], servers)));
    }
    return ImmutableList.copyOf(steps);
  }

  private static ImmutableSortedSet<NodeId> members(
      String option, String text, List<NodeId> servers) {
    ImmutableSortedSet.Builder<NodeId> b = ImmutableSortedSet.naturalOrder();
    for (String name : text.split(",")) {
      NodeId id = name.isBlank() ? null : NodeId.of(name.trim());
      if (!servers.contains(id)) {
        throw new IllegalArgumentException(
            "multipaxos option '" + option + "': '" + name.trim() + "' is not a server " + servers);
      }
      b.add(id);
    }
    return b.build();
  }

  private static long number(SortedMap<String, String> options, String name) {
    String v = options.getOrDefault(name, OPTIONS.get(name));
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "multipaxos option " + name + " must be a whole number, was '" + v + "'");
    }
  }

  /** Server number (1-based) of {@code id}: the leader part of its ballots. */
  public int serverNumber(NodeId id) {
    return servers.indexOf(id) + 1;
  }

  public NodeId server(int number) {
    return number >= 1 && number <= servers.size() ? servers.get(number - 1) : null;
  }
}
