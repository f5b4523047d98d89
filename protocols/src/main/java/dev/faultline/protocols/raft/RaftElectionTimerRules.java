package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.KvClient;
import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.protocols.raft.RaftMessage.VoteReply;
import dev.faultline.protocols.raft.RaftTimer.ElectionTimeout;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.world.World;
import java.util.List;

/**
 * {@code ElectionTimerFollowsRules} (the {@code checkSteps} option): a server that does not lead
 * runs its election timer from the last step that must restart it, and the timeout falls within the
 * timer's window (Figure 2: "if election timeout elapses without receiving AppendEntries from
 * current leader or granting vote to candidate: convert to candidate"). The steps that restart it:
 * its boot, every election timeout at a server that does not lead (the next round's timer),
 * granting a vote, an AppendEntries or InstallSnapshot of its term (or newer) at a server that does
 * not lead (the current leader heard), the start of its election on a pre-vote quorum, and stepping
 * down from leader (a leader runs none). The window is [{@code electionTimeoutTicksMin}, {@code
 * electionTimeoutTicksMax}], twice that at a server that is no voter of its configuration in force;
 * the rule reads simulated time, so it allows {@link #SLACK_PERCENT} for clock drift (timers run on
 * the server's own clock), two ticks for rounding, and twice the clock's uncertainty. A wait is
 * judged only if the server's clock kept its promise (its error within the uncertainty) where the
 * wait began and where it is judged: a clock far beyond its promise (the protocol-level fuzz plan
 * drifts clocks by up to 30 %) moves a correct server's timeouts by as much as it drifts.
 */
final class RaftElectionTimerRules extends OncePerEventRules {
  static final long SLACK_PERCENT = 25;

  private long[] resetAt = new long[0];
  private int[] scaleLow = new int[0];
  private int[] scaleHigh = new int[0];
  private boolean[] armed = new boolean[0];
  private boolean[] inSpecAtRestart = new boolean[0];
  private String[] resetBy = new String[0];
  private RaftState[] before = new RaftState[0];

  @Override
  public String name() {
    return "ElectionTimerFollowsRules";
  }

  @Override
  void forget(int n) {
    resetAt = new long[n];
    scaleLow = new int[n];
    scaleHigh = new int[n];
    armed = new boolean[n];
    inSpecAtRestart = new boolean[n];
    resetBy = new String[n];
    before = new RaftState[n];
  }

  /** Once per event: a step restarts timers once. */
  @Override
  String judge(List<Step> steps) {
    String broke = null;
    for (Step step : steps) {
      String b = judge(step, view().tick());
      if (broke == null && b != null) {
        broke = step.node() + " " + b;
      }
    }
    return broke != null ? broke : overdue();
  }

  private String judge(Step step, long now) {
    int i = step.position();
    NodeState<?> state = view().stateAt(i);
    RaftState after = state instanceof RaftState r && view().isUp(step.node()) ? r : null;
    RaftState was = before[i];
    before[i] = after == null ? null : after.copy();
    if (after == null) {
      armed[i] = false; // crashed as the step ended: its timers are gone until it boots
      return null;
    }
    if (step.kind() == Step.Kind.BOOT) {
      restart(i, now, after, after);
      resetBy[i] = "boot";
      return null;
    }
    if (was == null) {
      armed[i] = false; // not seen since it booted: judged again from its next boot
      return null;
    }
    String broke = null;
    boolean timeout = step.timer() instanceof ElectionTimeout && was.role != RaftRole.LEADER;
    if (timeout && armed[i] && inSpecAtRestart[i] && clockInSpec(step.node())) {
      long earliest =
          scaleLow[i] * was.config.electionTimeoutTicksMin() * (100 - SLACK_PERCENT) / 100
              - 2
              - 2 * uncertaintyTicks();
      if (now - resetAt[i] < earliest) {
        broke =
            "timed out "
                + (now - resetAt[i])
                + " ticks after its election timer restarted at "
                + resetAt[i]
                + " (on "
                + resetBy[i]
                + "), sooner than "
                + earliest;
      }
    }
    if (after.role == RaftRole.LEADER) {
      armed[i] = false; // a leader runs no election timer
    } else if (timeout || restarts(step, was, after)) {
      restart(i, now, was, after);
      resetBy[i] = RaftElectionRules.trigger(step) + " as " + was.role;
    }
    return broke;
  }

  /** Whether the step, other than an election timeout, must restart the election timer. */
  private static boolean restarts(Step step, RaftState was, RaftState after) {
    if (was.role == RaftRole.LEADER) {
      return true; // stepped down: a follower runs an election timer again
    }
    Message m = step.message();
    if ((m instanceof AppendEntries a && a.term() >= was.term)
        || (m instanceof InstallSnapshot s && s.term() >= was.term)) {
      return true; // the current leader heard
    }
    if (m instanceof RaftMessage.PreVoteReply
        && after.term == was.term + 1
        && after.role != RaftRole.FOLLOWER) {
      return true; // its own election started
    }
    for (Step.Sent s : step.sent()) {
      if (s.message() instanceof VoteReply r && r.granted()) {
        return true;
      }
    }
    return false;
  }

  private void restart(int i, long now, RaftState was, RaftState after) {
    int a = scale(was);
    int b = scale(after);
    resetAt[i] = now;
    inSpecAtRestart[i] = clockInSpec(nodes().get(i));
    scaleLow[i] = Math.min(a, b);
    scaleHigh[i] = Math.max(a, b);
    armed[i] = true;
  }

  /** The clock's promised uncertainty (0 outside a simulated run). */
  private long uncertaintyTicks() {
    return view() instanceof World w ? w.config().clock().uncertaintyTicks() : 0;
  }

  /** Whether the node's clock is within its promise now: its error at most the uncertainty. */
  private boolean clockInSpec(NodeId node) {
    if (!(view() instanceof World w)) {
      return true;
    }
    return Math.abs(KvClient.nowTicks(w.clockOf(node)) - w.tick()) <= uncertaintyTicks();
  }

  /** A server outside its configuration in force waits twice as long (its timer's scale). */
  private static int scale(RaftState s) {
    return RaftElectionRules.isVoter(RaftLeaderDuties.configInForce(s), s.self) ? 1 : 2;
  }

  /** A live server that does not lead and whose election timer is past its window. */
  private String overdue() {
    SystemView view = view();
    List<NodeId> nodes = nodes();
    for (int i = 0; i < armed.length; i++) {
      RaftState s = before[i];
      if (!armed[i] || s == null || s.role == RaftRole.LEADER || !view.isUp(nodes.get(i))) {
        continue;
      }
      if (!inSpecAtRestart[i] || !clockInSpec(nodes.get(i))) {
        continue; // a clock beyond its promise runs its timers as far off as it drifts
      }
      long now = view.tick();
      long latest =
          scaleHigh[i] * s.config.electionTimeoutTicksMax() * (100 + SLACK_PERCENT) / 100
              + 2
              + 2 * uncertaintyTicks();
      if (now - resetAt[i] > latest) {
        return nodes.get(i)
            + " has not timed out "
            + (now - resetAt[i])
            + " ticks after its election timer restarted at "
            + resetAt[i]
            + " (on "
            + resetBy[i]
            + ") as "
            + s.role
            + ", later than "
            + latest;
      }
    }
    return null;
  }
}
