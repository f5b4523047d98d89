package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.sim.api.BooleanOption;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Immutable settings shared by every node of one Raft cluster. Times are in ticks (the kernel's
 * default latency is 1-5 ticks): heartbeats every 20, elections after 150-300 without a leader, so
 * a 3000-tick run sees several elections when faults strike.
 */
public record RaftConfig(
    ImmutableList<NodeId> servers,
    Membership initialMembership,
    RaftBug bug,
    long heartbeatTicks,
    long electionTimeoutTicksMin,
    long electionTimeoutTicksMax,
    long clientRetryTicks,
    int maxEntriesPerAppend,
    boolean preVote,
    boolean checkQuorum,
    ReadMode reads,
    int snapshotEvery,
    MembershipMode membership,
    ImmutableList<ReconfigStep> reconfig,
    long adminRetryTicks) {

  /** How gets are served. */
  public enum ReadMode {
    /** A get is a log entry like a write (the default, simplest correct option). */
    LOG,
    /**
     * Thesis 6.4: readIndex = commitIndex, confirm leadership with a heartbeat round, then read.
     */
    READ_INDEX
  }

  /** How an admin's configuration request is carried out. */
  public enum MembershipMode {
    /** Paper section 6: C_old,new, then C_new. Any change is allowed. */
    JOINT,
    /** Thesis section 4: one server added or removed per change, appended directly. */
    SINGLE
  }

  /**
   * One admin request: at or after {@code notBeforeTick}, make {@code members} the voters. With
   * {@code giveUpTicks} > 0 the admin stops retrying that long after its first send, like an
   * operator's tool that times out (the change may still be in some log); 0 retries until it
   * commits.
   */
  public record ReconfigStep(
      long notBeforeTick, ImmutableSortedSet<NodeId> members, long giveUpTicks) {
    public ReconfigStep(long notBeforeTick, ImmutableSortedSet<NodeId> members) {
      this(notBeforeTick, members, 0);
    }
  }

  public static final List<String> OPTIONS =
      List.of(
          "preVote",
          "checkQuorum",
          "reads",
          "snapshotEvery",
          "membership",
          "initialMembers",
          "reconfig",
          "heartbeatTicks",
          "electionTimeoutTicksMin",
          "electionTimeoutTicksMax",
          "clientRetryTicks",
          "maxEntriesPerAppend",
          "adminRetryTicks",
          "checkPersistence",
          "checkCopies",
          "checkRules",
          "checkLabels",
          "checkLeaderDuties",
          "checkSteps",
          "swarmRarePaths",
          "checkCalmLatency");

  /** Parses scenario options; an unknown option or bad value is an error naming it. */
  public static RaftConfig from(List<NodeId> servers, String variant, SortedMap<String, String> o) {
    for (String key : o.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown raft option '" + key + "' (known: " + String.join(", ", OPTIONS) + ")");
      }
    }
    ImmutableSortedSet<NodeId> initial =
        o.containsKey("initialMembers")
            ? parseMembers("initialMembers", o.get("initialMembers"), servers)
            : ImmutableSortedSet.copyOf(servers);
    long heartbeat = longOption(o, "heartbeatTicks", 20, 1);
    long electionMin = longOption(o, "electionTimeoutTicksMin", 150, 1);
    long electionMax = longOption(o, "electionTimeoutTicksMax", 300, electionMin);
    long clientRetry = longOption(o, "clientRetryTicks", 200, 1);
    // Read only by the swarm fuzzer when it draws a seed's options (RaftSwarm); a run ignores it.
    boolOption(o, "swarmRarePaths", false);
    // Read only by the calm latency check after a run (ClusterSpec.calmLatency).
    boolOption(o, "checkCalmLatency", false);
    return new RaftConfig(
        ImmutableList.copyOf(servers),
        Membership.of(initial),
        RaftBug.parse(variant),
        heartbeat,
        electionMin,
        electionMax,
        clientRetry,
        (int) longOption(o, "maxEntriesPerAppend", 64, 1),
        boolOption(o, "preVote", true),
        boolOption(o, "checkQuorum", true),
        switch (o.getOrDefault("reads", "log")) {
          case "log" -> ReadMode.LOG;
          case "readIndex" -> ReadMode.READ_INDEX;
          default ->
              throw new IllegalArgumentException(
                  "raft option 'reads' must be log or readIndex, was '" + o.get("reads") + "'");
        },
        (int) longOption(o, "snapshotEvery", 0, 0),
        switch (o.getOrDefault("membership", "joint")) {
          case "joint" -> MembershipMode.JOINT;
          case "single" -> MembershipMode.SINGLE;
          default ->
              throw new IllegalArgumentException(
                  "raft option 'membership' must be joint or single, was '"
                      + o.get("membership")
                      + "'");
        },
        parseReconfig(o.getOrDefault("reconfig", ""), servers),
        // An admin tool's per-server timeout; by default the clients' (an admin waiting on a dead
        // server for that long meets the next leader late in its term, if at all).
        longOption(o, "adminRetryTicks", clientRetry, 1));
  }

  /**
   * {@code "800:s1,s2,s3,s4;2000:s2,s3,s4"}: one admin node per step (a1, a2, ...). A step may end
   * in {@code :GIVEUP} ({@code "800:s1,s2,s3,s4,s5:150"}): its admin gives up 150 ticks after its
   * first send.
   */
  static ImmutableList<ReconfigStep> parseReconfig(String text, List<NodeId> servers) {
    List<ReconfigStep> steps = new ArrayList<>();
    if (text.isBlank()) {
      return ImmutableList.of();
    }
    for (String part : text.split(";")) {
      String[] tickAndMembers = part.trim().split(":", 3);
      if (tickAndMembers.length < 2) {
        throw new IllegalArgumentException(
            "raft option 'reconfig': step '" + part + "' must be TICK:s1,s2,...[:GIVEUP]");
      }
      long giveUp = 0;
      if (tickAndMembers.length == 3) {
        try {
          giveUp = Long.parseLong(tickAndMembers[2].trim());
        } catch (NumberFormatException e) {
          giveUp = -1;
        }
        if (giveUp < 1) {
          throw new IllegalArgumentException(
              "raft option 'reconfig': give-up '"
                  + tickAndMembers[2]
                  + "' in step '"
                  + part
                  + "' must be a whole number of ticks >= 1");
        }
      }
      long tick;
      try {
        tick = Long.parseLong(tickAndMembers[0].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "raft option 'reconfig': '" + tickAndMembers[0] + "' is not a tick");
      }
      steps.add(
          new ReconfigStep(tick, parseMembers("reconfig", tickAndMembers[1], servers), giveUp));
    }
    return ImmutableList.copyOf(steps);
  }

  private static ImmutableSortedSet<NodeId> parseMembers(
      String option, String text, List<NodeId> servers) {
    TreeSet<NodeId> members = new TreeSet<>();
    for (String name : text.split(",")) {
      NodeId id = NodeId.of(name.trim());
      if (!servers.contains(id)) {
        throw new IllegalArgumentException(
            "raft option '" + option + "': '" + name.trim() + "' is not a server " + servers);
      }
      members.add(id);
    }
    if (members.isEmpty()) {
      throw new IllegalArgumentException("raft option '" + option + "' names no server");
    }
    return ImmutableSortedSet.copyOf(members);
  }

  static boolean boolOption(Map<String, String> o, String key, boolean dflt) {
    return BooleanOption.parse(o, "raft", key, dflt);
  }

  private static long longOption(Map<String, String> o, String key, long dflt, long min) {
    String v = o.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < min) {
        throw new IllegalArgumentException(
            "raft option '" + key + "' must be >= " + min + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "raft option '" + key + "' must be a whole number, was '" + v + "'");
    }
  }
}
