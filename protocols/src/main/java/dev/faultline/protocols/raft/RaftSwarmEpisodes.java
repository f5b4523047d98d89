package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Fault episodes the swarm draws for Raft only with the option {@code swarmRarePaths=true} (which a
 * mutation campaign passes), aimed at paths few seeds take: stale messages delivered after a term
 * change, and elections between logs that differ in last term and length. Part of the test's input
 * generator, like {@link RaftSwarm}; without the option nothing here is drawn.
 */
final class RaftSwarmEpisodes {
  private RaftSwarmEpisodes() {}

  /** Share of seeds (without aimed racing faults) that draw {@link #staleReplies}. */
  static final double STALE_REPLIES_CHANCE = 0.3;

  /** Share of seeds (without aimed racing faults) that draw {@link #divergentLogs}. */
  static final double DIVERGENT_LOGS_CHANCE = 0.3;

  /**
   * At most one episode, drawn from {@code rng} after everything else: {@link #staleReplies} on
   * {@link #STALE_REPLIES_CHANCE} of seeds, else {@link #divergentLogs} on {@link
   * #DIVERGENT_LOGS_CHANCE}. None when the options do not parse (the scenario reader reports them)
   * or the fault period is too short to hold one.
   */
  static List<ScheduledFault> draw(
      Rng rng, SortedMap<String, String> options, List<NodeId> servers, long durationTicks) {
    RaftConfig config;
    try {
      config = RaftConfig.from(servers, null, options);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    long electionMax = config.electionTimeoutTicksMax();
    double u = rng.nextDouble();
    if (u < STALE_REPLIES_CHANCE) {
      return staleReplies(rng, servers, electionMax, durationTicks);
    }
    if (u < STALE_REPLIES_CHANCE + DIVERGENT_LOGS_CHANCE) {
      return divergentLogs(rng, servers.size(), electionMax, durationTicks);
    }
    return List.of();
  }

  /**
   * Replies that arrive after a term change. At a drawn tick the next 2 to 4 messages each server
   * sends (a follower's AppendReply or SnapshotReply, the leader's AppendEntries or
   * InstallSnapshot) are held for one to two election timeouts, and the leader of the moment
   * crashes and restarts (disk kept) a few ticks later: a new term starts, sometimes with the same
   * leader, and the held messages of the old term then reach a leader, follower or candidate of a
   * later one. The stale-term guards of {@code onAppendReply}, {@code onSnapshotReply} and {@code
   * onInstallSnapshot} decide what they may still change.
   */
  static List<ScheduledFault> staleReplies(
      Rng rng, List<NodeId> servers, long electionMax, long durationTicks) {
    long holdTicks = electionMax + rng.nextLong(50, electionMax + 300);
    long at = rng.nextLong(200, Math.max(201, durationTicks / 2));
    if (at + holdTicks >= durationTicks) {
      return List.of();
    }
    int count = 2 + rng.nextInt(3);
    List<ScheduledFault> out = new ArrayList<>();
    for (NodeId s : servers) {
      out.add(new ScheduledFault(at, new Fault.HoldMessages(s, null, count, holdTicks)));
    }
    long crashAt = at + rng.nextLong(1, 20);
    out.add(new ScheduledFault(crashAt, new Fault.CrashRole(Roles.LEADER)));
    out.add(new ScheduledFault(crashAt + rng.nextLong(5, 60), new Fault.RestartLastCrashed()));
    return out;
  }

  /**
   * An election between logs that differ in last term and length. The leader of the moment, C, is
   * cut off from the other servers but not from the clients, so it appends their requests in its
   * term until it notices (CheckQuorum); the next leaders the others elect (one with 3 servers, two
   * with 5: until the rest cannot elect) each reboot right after winning, their no-op of a newer
   * term already sent, and stay down until after the heal. So the servers C meets again hold
   * shorter logs of a newer last term, and C's longer log of an older term asks for their votes:
   * the election restriction ({@code candidateLogUpToDate}) must refuse it, by last term before
   * length.
   */
  static List<ScheduledFault> divergentLogs(
      Rng rng, int servers, long electionMax, long durationTicks) {
    int leadersDown = (servers - 1) / 2;
    long healAfter = leadersDown * (electionMax + 100) + rng.nextLong(100, 300);
    long downTicks = healAfter + electionMax + rng.nextLong(200, 600);
    long at = rng.nextLong(200, Math.max(201, durationTicks / 3));
    if (at + healAfter >= durationTicks) {
      return List.of();
    }
    List<ScheduledFault> out = new ArrayList<>();
    out.add(new ScheduledFault(at, new Fault.IsolateRole(Roles.LEADER, true)));
    for (int k = 0; k < leadersDown; k++) {
      String leaderElected = Annotations.ROLE + "=" + Roles.LEADER;
      out.add(
          new ScheduledFault(at + 1, new Fault.RebootAfterAnnotation(leaderElected, downTicks)));
    }
    out.add(new ScheduledFault(at + healAfter, new Fault.Heal()));
    return out;
  }
}
