package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.fault.SwarmHints;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the swarm fuzzer draws for Raft ({@link RaftSpec}'s {@link SwarmHints} hooks delegate here):
 * options, membership and racing plans, faults aimed at a racing plan, fault-kind weights, roles,
 * server counts and timing. This is the test's input generator, not the protocol.
 */
final class RaftSwarm {
  private RaftSwarm() {}

  /**
   * What a swarm fuzzer should vary per seed. Small append batches let a follower hold part of a
   * leader's log (Figure 8, R2; a leaderCommit past the last new entry, R6); PreVote/CheckQuorum
   * off make vote splits and stale leaders likelier (R3); a membership plan adds or removes one
   * server per step from a random initial configuration; with 4+ servers a racing plan (R8: two
   * different changes of the same even configuration, see {@link #racingPlan}) replaces it on some
   * seeds. Only non-default values are set.
   *
   * <p>With {@code rarePaths} (the user's option {@code swarmRarePaths=true}, which a mutation
   * campaign passes) the same draws lean on the paths few seeds take: a membership plan on 70 % of
   * seeds rather than 30 %, of two or three steps, each later step half the time within 10 ticks of
   * the one before (a second request reaches the leader while the first change is pending);
   * ReadIndex reads on half the seeds. Without it every seed draws exactly what it drew before.
   */
  static SortedMap<String, String> options(
      Rng rng, int servers, long durationTicks, boolean rarePaths) {
    SortedMap<String, String> o = new TreeMap<>();
    if (rng.chance(0.3)) {
      o.put("preVote", "false");
    }
    if (rng.chance(0.3)) {
      o.put("checkQuorum", "false");
    }
    if (rng.chance(rarePaths ? 0.5 : 0.3)) {
      o.put("reads", "readIndex");
    }
    long batch = List.of(1L, 2L, 4L, 64L).get(rng.nextInt(4));
    if (batch != 64) {
      o.put("maxEntriesPerAppend", Long.toString(batch));
    }
    if (rng.chance(0.25)) {
      o.put("snapshotEvery", rng.chance(0.5) ? "4" : "16");
    }
    if (servers >= 2 && rng.chance(rarePaths ? 0.7 : 0.3)) {
      membershipPlan(rng, servers, durationTicks, rarePaths, o);
      // A removed server that never learns it was removed keeps timing out; without PreVote and
      // CheckQuorum its higher terms depose the new configuration's leader forever (Raft
      // dissertation 4.2.3), a known liveness limit rather than a bug, so plans keep both on.
      o.remove("preVote");
      o.remove("checkQuorum");
    }
    // Drawn last, and only with 4+ servers, so every 3-server seed (and every 4+ server seed that
    // does not draw it) gets exactly the options it got before racing plans existed.
    if (servers >= 4 && durationTicks >= 1_000 && rng.chance(RACING_PLAN_CHANCE)) {
      o.keySet().removeAll(List.of("membership", "initialMembers", "reconfig"));
      racingPlan(rng, servers, durationTicks, o);
      o.remove("preVote");
      o.remove("checkQuorum");
    }
    return o;
  }

  /** Share of 4+ server seeds that draw a racing membership plan (see {@link #racingPlan}). */
  static final double RACING_PLAN_CHANCE = 0.25;

  /**
   * Two operators (or tools) changing an even-sized cluster at about the same time, each by one
   * server relative to the configuration they both saw: 4 voters (any spare servers can be added),
   * single-server mode. The first tool times out after a while (a change whose leader died without
   * answering looks failed to its operator, who moves on; the entry may still sit in a log). This
   * is the everyday shape of Ongaro's counter-example (raft-dev, 2015): "add s5" times out because
   * the leader failed, so the other operator removes a server, maybe the failed one. The sequential
   * plans above can never produce it: each of their steps is relative to the previous step, so a
   * new leader that lacks the first entry sees a two-server difference and refuses the second.
   */
  private static void racingPlan(
      Rng rng, int servers, long durationTicks, SortedMap<String, String> o) {
    o.put("membership", "single");
    List<Integer> all = new ArrayList<>();
    for (int i = 1; i <= servers; i++) {
      all.add(i);
    }
    TreeSet<Integer> voters = new TreeSet<>();
    while (voters.size() < 4) {
      voters.add(all.get(rng.nextInt(all.size())));
    }
    o.put("initialMembers", members(voters));
    // Two different single-server changes of the same base: add a spare or remove a voter.
    List<TreeSet<Integer>> changes = new ArrayList<>();
    for (int i = 1; i <= servers; i++) {
      TreeSet<Integer> next = new TreeSet<>(voters);
      if (!next.remove(i)) {
        next.add(i);
      }
      changes.add(next);
    }
    int first = rng.nextInt(changes.size());
    int second = (first + 1 + rng.nextInt(changes.size() - 1)) % changes.size();
    long tick = rng.nextLong(300, Math.max(301, durationTicks / 3));
    long giveUp = rng.nextLong(20, 150); // before the next leader is elected (150-300 ticks)
    // The second operator acts while the first change is unanswered: a leader that dropped off is
    // replaced after an election timeout (150-300 ticks), so the second request usually meets
    // the next leader early in its term.
    long gap = rng.nextLong(20, 250);
    // Tools that try the next server after a short timeout, as admin CLIs with several endpoints
    // do, rather than the clients' 200 ticks.
    o.put("adminRetryTicks", Long.toString(rng.nextLong(20, 60)));
    o.put(
        "reconfig",
        tick
            + ":"
            + members(changes.get(first))
            + ":"
            + giveUp
            + ";"
            + (tick + gap)
            + ":"
            + members(changes.get(second)));
  }

  /**
   * For a racing plan (two or more steps, each one server away from the initial configuration),
   * often aim the kernel's state-aware faults at the reconfiguration: the leader that appends the
   * first configuration entry drops off the network right after appending it (so it reaches
   * nobody); the next server to grant a vote reboots (so the next leader's first entries miss it);
   * the first follower to take the next configuration entry reboots right after acknowledging it;
   * and the leader that next reports a change committed drops off too. Each is one-shot and fires
   * only if the protocol gets there; correct Raft must stay safe through all of it.
   *
   * <p>With {@code swarmRarePaths} (see {@link #options}), a seed that draws no such faults may
   * draw one of {@link RaftSwarmEpisodes}' episodes instead, from the same stream after everything
   * above, so without the option every seed draws exactly what it drew before.
   */
  static List<ScheduledFault> faults(
      Rng rng, SortedMap<String, String> options, List<NodeId> servers, long durationTicks) {
    List<ScheduledFault> racing = racingFaults(rng, options, servers, durationTicks);
    if (!racing.isEmpty() || !rarePaths(options)) {
      return racing;
    }
    return RaftSwarmEpisodes.draw(rng, options, servers, durationTicks);
  }

  private static List<ScheduledFault> racingFaults(
      Rng rng, SortedMap<String, String> options, List<NodeId> servers, long durationTicks) {
    List<RaftConfig.ReconfigStep> steps = racingSteps(options, servers);
    if (steps.isEmpty() || !rng.chance(0.75)) {
      return List.of();
    }
    long first = steps.get(0).notBeforeTick();
    if (first >= durationTicks) {
      return List.of(); // faults must strike inside the fault period
    }
    // The voter that reboots stays down about as long as the first leader stays cut off, so both
    // come back around the same time, after the next leader has had time to act (and, when the
    // last fault fires, to drop off in turn): the window in which the old configuration can win.
    long down = rng.nextLong(150, 500);
    long cutOff = down + rng.nextLong(150, 300);
    List<ScheduledFault> out = new ArrayList<>();
    out.add(
        new ScheduledFault(
            Math.max(0, first - 1),
            new Fault.IsolateAfterAnnotation(Annotations.CONFIG_APPENDED, cutOff)));
    long after = Math.min(durationTicks - 1, first + rng.nextLong(10, 60));
    out.add(new ScheduledFault(after, new Fault.RebootAfterAnnotation(Annotations.VOTE, down)));
    // The first follower to take the next configuration entry reboots right after acknowledging
    // it and stays down a while (its disk is kept).
    out.add(
        new ScheduledFault(
            after,
            new Fault.RebootAfterAnnotation(
                Annotations.CONFIG_LEARNED, down + rng.nextLong(300, 800))));
    out.add(
        new ScheduledFault(
            after,
            new Fault.IsolateAfterAnnotation(
                Annotations.CONFIG_COMMITTED, rng.nextLong(300, 1_500))));
    return out;
  }

  /** The steps of a racing plan in {@code options}, or none if the plan is not one. */
  private static List<RaftConfig.ReconfigStep> racingSteps(
      SortedMap<String, String> options, List<NodeId> servers) {
    if (!"single".equals(options.get("membership"))
        || !options.containsKey("initialMembers")
        || !options.containsKey("reconfig")) {
      return List.of();
    }
    RaftConfig config;
    try {
      config = RaftConfig.from(servers, null, options);
    } catch (IllegalArgumentException e) {
      return List.of(); // the scenario reader reports bad options
    }
    List<RaftConfig.ReconfigStep> steps = config.reconfig();
    if (steps.size() < 2) {
      return List.of();
    }
    TreeSet<NodeId> initial = new TreeSet<>(config.initialMembership().voters());
    // Distinct targets, each one server from the same base: never a sequential plan (there each
    // step is one server from the previous one, so two distinct steps cannot both be one server
    // from the base).
    if (steps.stream().map(RaftConfig.ReconfigStep::members).distinct().count() != steps.size()) {
      return List.of();
    }
    for (RaftConfig.ReconfigStep step : steps) {
      TreeSet<NodeId> diff = new TreeSet<>(initial);
      diff.addAll(step.members());
      TreeSet<NodeId> both = new TreeSet<>(initial);
      both.retainAll(step.members());
      diff.removeAll(both);
      if (diff.size() != 1) {
        return List.of();
      }
    }
    return steps;
  }

  /**
   * Whether the user's fixed options ask the swarm to lean on rare paths (see {@link #options}).
   */
  static boolean rarePaths(SortedMap<String, String> fixed) {
    return RaftConfig.boolOption(fixed, "swarmRarePaths", false);
  }

  private static void membershipPlan(
      Rng rng, int servers, long durationTicks, boolean rarePaths, SortedMap<String, String> o) {
    boolean single = rng.chance(0.7);
    if (single) {
      o.put("membership", "single");
    }
    TreeSet<Integer> current = new TreeSet<>();
    for (int i = 1; i <= servers; i++) {
      if (i == 1 || rng.chance(0.7)) {
        current.add(i);
      }
    }
    if (current.size() == servers && rng.chance(0.5)) {
      current.remove(servers); // leave one server out to be added
    }
    o.put("initialMembers", members(current));
    List<String> steps = new ArrayList<>();
    long tick = rng.nextLong(100, Math.max(101, durationTicks / 4));
    int count = rarePaths ? 2 + rng.nextInt(2) : 1 + rng.nextInt(3);
    for (int k = 0; k < count; k++) {
      TreeSet<Integer> next = new TreeSet<>(current);
      int s = 1 + rng.nextInt(servers);
      if (single || rng.chance(0.5)) {
        if (next.contains(s) && next.size() > 1) {
          next.remove(s);
        } else {
          next.add(s);
        }
      } else {
        next.clear();
        for (int i = 1; i <= servers; i++) {
          if (rng.chance(0.6)) {
            next.add(i);
          }
        }
        if (next.isEmpty()) {
          next.add(s);
        }
      }
      steps.add(tick + ":" + members(next));
      current = next;
      // Changes close together race each other (R8's sibling configurations); far apart they
      // test a reconfiguration under later faults.
      if (rarePaths && rng.chance(0.5)) {
        tick += rng.nextLong(0, 10); // into the change before it, which is likely still pending
      } else {
        tick += rng.chance(0.5) ? rng.nextLong(10, 150) : rng.nextLong(150, 1_500);
      }
    }
    o.put("reconfig", String.join(";", steps));
  }

  private static String members(TreeSet<Integer> ids) {
    return String.join(",", ids.stream().map(i -> "s" + i).toList());
  }

  /**
   * Cut-offs armed on a new leader (kind "elected"), on half the seeds of a drawn shape: a leader
   * whose first entries of its term reach nobody leaves logs that diverge, the first step of Figure
   * 8 (R2).
   */
  static double kindChance(String kind) {
    return "elected".equals(kind) ? 0.5 : SwarmHints.NONE.swarmKindChance(kind);
  }

  /** Default, read-heavy and read-mostly mixes: stale reads need a client that keeps reading. */
  static List<Double> getShares() {
    return List.of(0.3, 0.6, 0.9);
  }

  static List<String> roles() {
    return List.of(Roles.LEADER, Roles.CANDIDATE, Roles.FOLLOWER);
  }

  /**
   * 3 or 5 servers: 5 lets the swarm form the even 4-voter configurations that racing membership
   * changes need (R8), and leaves room for a leader to commit on a majority that a later leader's
   * voters do not overlap with its log (Figure 8).
   */
  static List<Integer> serverCounts() {
    return List.of(3, 5);
  }

  /**
   * Heartbeat every 10-40 ticks, elections after a timeout drawn from a window that starts at
   * 80-300 ticks (never under 4 heartbeats, so a live leader is not deposed) and is wide (the
   * default: as wide as its start) or narrow (an eighth of it): narrow windows make candidates time
   * out together, split votes and run many terms, which Figure 8 and lost votes need; late
   * heartbeats leave a stale leader acting for longer. Only values that differ from the defaults.
   */
  static SortedMap<String, String> timing(Rng rng) {
    long heartbeat = List.of(10L, 20L, 20L, 40L).get(rng.nextInt(4));
    long electionMin = Math.max(4 * heartbeat, List.of(80L, 150L, 150L, 300L).get(rng.nextInt(4)));
    long electionMax = electionMin + (rng.chance(0.5) ? electionMin : electionMin / 8);
    SortedMap<String, String> o = new TreeMap<>();
    putIfNot(o, "heartbeatTicks", heartbeat, 20);
    putIfNot(o, "electionTimeoutTicksMin", electionMin, 150);
    putIfNot(o, "electionTimeoutTicksMax", electionMax, 300);
    return o;
  }

  private static void putIfNot(SortedMap<String, String> o, String key, long value, long dflt) {
    if (value != dflt) {
      o.put(key, Long.toString(value));
    }
  }
}
