package dev.faultline.protocols.raft;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.faultline.protocols.common.KvClient;
import dev.faultline.protocols.common.LeaderClientAdapter;
import dev.faultline.protocols.common.LeaderGuess;
import dev.faultline.protocols.raft.RaftMessage.ConfigReply;
import dev.faultline.protocols.raft.RaftMessage.ConfigRequest;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.world.World;
import java.util.List;

/**
 * The membership admin's rules at each of its steps ({@link RaftStepRules}, the {@code checkSteps}
 * option), as the project documents the admin: at its step's tick it sends its one request to the
 * first server; it follows the clients' leader-guess policy (a refusal's fresh leader hint once,
 * else round-robin; the asked server itself refusing is asked again; an unanswered request moves on
 * to the next server); a "committed" answer ends it; with a give-up time, the second firing of its
 * start timer ends it as "gave up"; once it has ended it sends nothing and changes nothing. And its
 * timers keep the documented schedule: it starts at its step's tick, retries {@code
 * adminRetryTicks} after a send that got no answer, 50 ticks after the asked server itself refused
 * and 10 after a redirect, and gives up {@code giveUpTicks} after its first send. The admin's state
 * before a step is this judge's own copy of its fields (not the admin's copy method, judged code).
 */
final class RaftAdminRules {
  private RaftAdminRules() {}

  /** Ticks the admin waits after its asked server itself refused (the documented busy backoff). */
  static final long BUSY_BACKOFF_TICKS = 50;

  /** Local-clock time unknown (the explorer, or no step seen yet that set the timer). */
  private static final long UNKNOWN = Long.MIN_VALUE;

  /**
   * What the judge knows of one admin after its last step: its fields, and when (by its clock) each
   * of its timers is due.
   */
  private record Seen(
      boolean started,
      boolean inFlight,
      String outcome,
      LeaderGuess leader,
      long startDue,
      long retryDue,
      long giveUpDue) {}

  /** {@code AdminFollowsRetries}: the admin's sends, state and timing at each of its steps. */
  static final class AdminFollowsRetries extends OncePerEventRules {
    private Seen[] before = new Seen[0];
    private RaftConfig config;

    @Override
    public String name() {
      return "AdminFollowsRetries";
    }

    @Override
    void forget(int nodeCount) {
      before = new Seen[nodeCount];
      config = null;
    }

    @Override
    String judge(List<Step> steps) {
      String verdict = null;
      for (Step step : steps) {
        if (view().stateAt(step.position()) instanceof RaftAdminState admin && config() != null) {
          String broke = judgeStep(step, admin);
          if (verdict == null && broke != null) {
            verdict = step.node() + " " + broke;
          }
        }
      }
      List<NodeId> nodes = nodes();
      for (int i = 0; verdict == null && i < before.length; i++) {
        if (before[i] != null && view().isUp(nodes.get(i))) { // a crash drops its timers
          verdict = overdue(nodes.get(i), before[i], clock(view(), nodes.get(i)));
        }
      }
      return verdict;
    }

    /** Null if the admin's step keeps the rules, else what broke; remembers what it left. */
    private String judgeStep(Step step, RaftAdminState admin) {
      int k = Integer.parseInt(step.node().name().substring(1)) - 1;
      Judged j =
          new Judged(
              config,
              config.reconfig().get(k),
              step,
              before[step.position()],
              clock(view(), step.node()));
      String broke = j.judge(admin);
      before[step.position()] = j.seen(admin);
      return broke;
    }

    /** The servers' configuration: any server's state holds it. */
    private RaftConfig config() {
      for (int i = 0; config == null && i < nodes().size(); i++) {
        if (view().stateAt(i) instanceof RaftState s) {
          config = s.config;
        }
      }
      return config;
    }
  }

  /**
   * A timer of the admin's that is past due by its clock: every event ends with none (its start
   * before it started, its retry and its give-up while its request is in flight), so a timer it
   * never set or set too late shows at the first event after the schedule's time.
   */
  private static String overdue(NodeId admin, Seen seen, ClockReading clock) {
    if (clock == null) {
      return null;
    }
    long now = KvClient.nowTicks(clock);
    long slack = clock.upperTicks() - clock.lowerTicks() + 2;
    long due = UNKNOWN;
    String what = null;
    if (!seen.started()) {
      due = seen.startDue();
      what = "its first request";
    } else if (seen.inFlight()) {
      due = seen.retryDue();
      what = "its retry";
      if (seen.giveUpDue() != UNKNOWN && (due == UNKNOWN || seen.giveUpDue() < due)) {
        due = seen.giveUpDue();
        what = "giving up";
      }
    }
    if (due == UNKNOWN || now <= due + slack) {
      return null;
    }
    return admin + " has not made " + what + " by local tick " + now + ", due at " + due;
  }

  /** The admin's clock as its handler read it; null where unknown (not a simulated run). */
  private static ClockReading clock(SystemView view, NodeId node) {
    return view instanceof World world ? world.clockOf(node) : null;
  }

  /** One admin step against the rules: what it must send, hold, and when its timers are due. */
  private static final class Judged {
    private final RaftConfig c;
    private final RaftConfig.ReconfigStep plan;
    private final Step step;
    private final Seen was;
    private final long now;
    private final long slack;
    private LeaderGuess guess;
    private String outcome;
    private boolean ends;
    private ConfigRequest ask;
    private long retryDue;

    Judged(RaftConfig c, RaftConfig.ReconfigStep plan, Step step, Seen was, ClockReading clock) {
      this.c = c;
      this.plan = plan;
      this.step = step;
      this.was = was;
      this.now = clock == null ? UNKNOWN : KvClient.nowTicks(clock); // as the admin reads it
      // A timer runs on the local clock; a skew or drift fault moves the reading within the
      // clock's uncertainty, so two readings of one interval may differ by its width.
      this.slack = clock == null ? 0 : clock.upperTicks() - clock.lowerTicks() + 2;
    }

    /** Null if the step keeps the rules, else what broke. */
    String judge(RaftAdminState after) {
      if (was == null || step.kind() == Step.Kind.BOOT) {
        return null;
      }
      guess = was.leader().copy();
      outcome = was.outcome();
      retryDue = was.retryDue();
      String wrong = expect();
      if (wrong != null) {
        return wrong;
      }
      String sends = sends(c.servers().get(guess.guess()));
      if (sends != null) {
        return sends;
      }
      if (ask != null) {
        guess.sent();
        retryDue = due(c.adminRetryTicks());
      }
      return state(after);
    }

    /** Works out what the step must do; non-null if its timing already breaks the schedule. */
    private String expect() {
      int n = c.servers().size();
      if (step.message() instanceof ConfigReply r && was.inFlight() && r.seq() == 1) {
        ends = r.ok();
        if (r.ok()) {
          outcome = "committed";
          return null;
        }
        int hinted = r.leaderHint() == null ? -1 : c.servers().indexOf(r.leaderHint());
        if (hinted >= 0 && hinted == was.leader().guess()) {
          guess.stay(); // the asked server itself refused: ask it again after the backoff
          outcome = "refused: " + r.reason();
          retryDue = due(BUSY_BACKOFF_TICKS);
        } else {
          guess.redirect(hinted, n);
          retryDue = due(LeaderClientAdapter.REDIRECT_BACKOFF_TICKS);
        }
        return null;
      }
      if (step.timer() instanceof RaftTimer.NextOpDue && !was.started()) {
        ask = new ConfigRequest(1, plan.members());
        return late("its first request", was.startDue());
      }
      if (step.timer() instanceof RaftTimer.NextOpDue && was.inFlight()) {
        if (plan.giveUpTicks() <= 0) {
          return "fired its start timer again, though its plan " + plan + " never gives up";
        }
        ends = true;
        outcome = "gave up";
        return late("giving up", was.giveUpDue());
      }
      if (step.timer() instanceof RaftTimer.RequestRetry t && was.inFlight() && t.seq() == 1) {
        guess.retrying(n);
        ask = new ConfigRequest(1, plan.members());
        return late("its retry", was.retryDue());
      }
      ends = !was.inFlight(); // anything else (a stale answer or timer) changes nothing
      return null;
    }

    private long due(long ticks) {
      return now == UNKNOWN ? UNKNOWN : now + ticks;
    }

    /** Null if a timer fired when the schedule says it is due (within the clock's slack). */
    private String late(String what, long due) {
      if (now == UNKNOWN || due == UNKNOWN || Math.abs(now - due) <= slack) {
        return null;
      }
      return "made " + what + " at local tick " + now + ", but the schedule says " + due;
    }

    /** The step sent exactly {@code ask} to {@code to} (nothing when {@code ask} is null). */
    private String sends(NodeId to) {
      List<Step.Sent> sent = step.sent();
      if (ask == null ? sent.isEmpty() : sent.equals(List.of(new Step.Sent(to, ask)))) {
        return null;
      }
      return "sent "
          + sent
          + " on "
          + trigger()
          + ", not "
          + (ask == null ? "nothing" : ask + " to " + to);
    }

    private String trigger() {
      return step.message() != null ? step.message() + " from " + step.from() : "" + step.timer();
    }

    private String state(RaftAdminState after) {
      boolean started = was.started() || ask != null;
      boolean inFlight = !ends && (was.inFlight() || ask != null);
      if (after.started == started
          && after.inFlight == inFlight
          && java.util.Objects.equals(after.outcome, outcome)
          && sameGuess(after.leader, guess)) {
        return null;
      }
      return "after "
          + trigger()
          + " holds started "
          + after.started
          + ", in flight "
          + after.inFlight
          + ", outcome "
          + after.outcome
          + ", asking "
          + c.servers().get(after.leader.guess())
          + "; the rules say "
          + started
          + ", "
          + inFlight
          + ", "
          + outcome
          + ", asking "
          + c.servers().get(guess.guess());
    }

    /** What the judge knows after the step: the admin's fields and its timers' due times. */
    Seen seen(RaftAdminState after) {
      if (was == null || step.kind() == Step.Kind.BOOT) {
        boolean boot = step.kind() == Step.Kind.BOOT && now != UNKNOWN;
        long start = boot ? Math.max(now, plan.notBeforeTick()) : UNKNOWN;
        return new Seen(
            after.started,
            after.inFlight,
            after.outcome,
            after.leader.copy(),
            start,
            UNKNOWN,
            UNKNOWN);
      }
      boolean first = ask != null && !was.started();
      long giveUp = first && plan.giveUpTicks() > 0 ? due(plan.giveUpTicks()) : was.giveUpDue();
      return new Seen(
          after.started,
          after.inFlight,
          after.outcome,
          after.leader.copy(),
          was.startDue(),
          after.inFlight ? retryDue : UNKNOWN,
          giveUp);
    }
  }

  /** The whole guess (hint followed, rotation, what a timeout does), not only whom it asks. */
  private static boolean sameGuess(LeaderGuess a, LeaderGuess b) {
    Hasher ha = Hashing.murmur3_128().newHasher();
    Hasher hb = Hashing.murmur3_128().newHasher();
    a.fingerprint(ha);
    b.fingerprint(hb);
    return ha.hash().equals(hb.hash());
  }
}
