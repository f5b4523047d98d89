package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Raft's EVENTUALLY properties, checked once at the end of a run with a stabilize phase (after the
 * network healed, every node restarted and every client finished).
 */
public final class RaftEventually {
  public static final String REPLICAS_CONVERGE = "ReplicasConverge";
  public static final String RECONFIG_COMPLETES = "ReconfigCompletes";
  public static final String MEMBERSHIP_SETTLES = "MembershipSettles";

  private RaftEventually() {}

  /** {@code dueTicks}: each admin's step tick, in the order of {@code admins}. */
  public static List<Invariant> all(
      List<NodeId> servers, List<NodeId> admins, List<Long> dueTicks) {
    return List.of(
        replicasConverge(servers), reconfigCompletes(admins, dueTicks), membershipSettles(servers));
  }

  /**
   * How long after its step's tick an admin must have sent its first request by the end of a run:
   * it asks at that tick on its own clock, which a clock fault may set behind.
   */
  static final long ADMIN_START_SLACK_TICKS = 1_000;

  /**
   * The leader of the highest term among live servers ends in a settled configuration: not joint
   * (C_new followed C_old,new), its newest configuration entry committed, and itself a voter of it.
   * An admin that gave up is no excuse: the change it asked for may still sit in the log, and the
   * cluster must finish or supersede it on its own.
   */
  static Invariant membershipSettles(List<NodeId> servers) {
    return new Named(MEMBERSHIP_SETTLES, view -> settled(view, servers));
  }

  private static String settled(SystemView view, List<NodeId> servers) {
    RaftState leader = null;
    for (NodeId id : servers) {
      RaftState s = view.stateAs(id, RaftState.class);
      if (s != null
          && s.role() == RaftRole.LEADER
          && (leader == null || s.term() > leader.term())) {
        leader = s;
      }
    }
    if (leader == null) {
      return null; // no leader at the end: client liveness speaks to that
    }
    Membership m = leader.membership();
    long configIndex = leader.log().lastConfigIndex();
    if (m.isJoint() || configIndex > leader.commitIndex() || !m.isVoter(leader.self())) {
      return "leader "
          + leader.self()
          + " of term "
          + leader.term()
          + " ends in configuration "
          + m
          + " (entry "
          + configIndex
          + ", commit index "
          + leader.commitIndex()
          + ")"
          + (m.isJoint() ? ": joint consensus never finished" : "");
    }
    return null;
  }

  /**
   * Every live voter of the newest committed configuration has applied the whole committed prefix
   * (the highest commit index any live server knows) and holds the same key-value state as the
   * server that knows it.
   */
  static Invariant replicasConverge(List<NodeId> servers) {
    return new Named(REPLICAS_CONVERGE, view -> converge(view, servers));
  }

  private static String converge(SystemView view, List<NodeId> servers) {
    RaftState top = null;
    for (NodeId id : servers) {
      RaftState s = view.stateAs(id, RaftState.class);
      if (s != null && (top == null || s.commitIndex() > top.commitIndex())) {
        top = s;
      }
    }
    if (top == null) {
      return null;
    }
    for (NodeId id : top.membership().members()) {
      RaftState s = view.stateAs(id, RaftState.class);
      if (s == null) {
        continue; // down at the end: nothing to converge
      }
      if (s.lastApplied() < top.commitIndex()) {
        return id
            + " applied up to index "
            + s.lastApplied()
            + " but "
            + top.self()
            + " knows index "
            + top.commitIndex()
            + " committed";
      }
      if (s.lastApplied() == top.lastApplied() && !s.kv().equals(top.kv())) {
        return id
            + " applied the same prefix (index "
            + s.lastApplied()
            + ") as "
            + top.self()
            + " but holds "
            + s.kv()
            + " instead of "
            + top.kv();
      }
    }
    return null;
  }

  /**
   * Every membership admin whose step came either heard its change committed, gave up at its
   * declared give-up time (and said so), or was last refused by the leader for a reason that lasts:
   * in single-server mode a change more than one server away from the configuration in force. A
   * refusal that does not last (a change in progress, no entry of the leader's term committed yet)
   * sends the admin back to ask again, and once the faults are over the answer must come. And an
   * admin whose step was due ({@link #ADMIN_START_SLACK_TICKS} before the end) has asked.
   */
  static Invariant reconfigCompletes(List<NodeId> admins, List<Long> dueTicks) {
    return new Named(
        RECONFIG_COMPLETES,
        view -> {
          for (int k = 0; k < admins.size(); k++) {
            NodeId id = admins.get(k);
            RaftAdminState a = view.stateAs(id, RaftAdminState.class);
            if (a != null
                && !a.started()
                && view.tick() >= dueTicks.get(k) + ADMIN_START_SLACK_TICKS) {
              return id + "'s step was due at tick " + dueTicks.get(k) + " but it never asked";
            }
            if (a == null || !a.started()) {
              continue;
            }
            if (a.outcome() == null) {
              return id + " requested a membership change that neither completed nor was refused";
            }
            if (a.inFlight() && !LASTING_REFUSAL.equals(a.outcome())) {
              return id
                  + " still asks for its membership change at the end (latest answer: "
                  + a.outcome()
                  + ")";
            }
          }
          return null;
        });
  }

  /** An admin's outcome after the one refusal that does not go away on retrying. */
  static final String LASTING_REFUSAL = "refused: " + RaftNode.ONE_SERVER_PER_CHANGE;

  private record Named(String name, java.util.function.Function<SystemView, String> check)
      implements Invariant {
    @Override
    public String check(SystemView view) {
      return check.apply(view);
    }
  }
}
