package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.KvClient;
import dev.faultline.protocols.grove.AdminState.Phase;
import dev.faultline.protocols.grove.GroveMessage.BecomePrimary;
import dev.faultline.protocols.grove.GroveMessage.BecomePrimaryReply;
import dev.faultline.protocols.grove.GroveMessage.ConfigReply;
import dev.faultline.protocols.grove.GroveMessage.GetConfig;
import dev.faultline.protocols.grove.GroveMessage.GetState;
import dev.faultline.protocols.grove.GroveMessage.Probe;
import dev.faultline.protocols.grove.GroveMessage.ProbeReply;
import dev.faultline.protocols.grove.GroveMessage.ReserveEpoch;
import dev.faultline.protocols.grove.GroveMessage.ReserveReply;
import dev.faultline.protocols.grove.GroveMessage.SetState;
import dev.faultline.protocols.grove.GroveMessage.SetStateReply;
import dev.faultline.protocols.grove.GroveMessage.StateReply;
import dev.faultline.protocols.grove.GroveMessage.WriteConfig;
import dev.faultline.protocols.grove.GroveMessage.WriteConfigReply;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;

/**
 * The reconfiguration admin (vRSM's EnterNewConfig), one reconfiguration at a time, in this order:
 * reserve an epoch, seal and fetch the state of one old server, install it on every new server,
 * activate the epoch at the config service (which waits for the old leases), and only then make the
 * first new server primary. It runs the initial setup at boot, then each planned step at its tick;
 * between them its watchdog probes the servers and, after two unhealthy rounds (no primary in the
 * active epoch, or the primary's writes stalled), first asks the active primary again and then
 * reconfigures onto the servers that answered. A phase left unanswered is resent; one that keeps
 * failing restarts the reconfiguration with a fresh epoch.
 */
public final class GroveAdmin implements Protocol<AdminState, GroveMessage, GroveTimer> {
  /** Resends of one phase before the reconfiguration starts over with a new epoch. */
  static final int MAX_ATTEMPTS = 5;

  /** Consecutive unhealthy probe rounds before the watchdog acts. */
  static final int UNHEALTHY_ROUNDS = 2;

  private final GroveConfig config;
  private final GroveBug bug;
  private final NodeId configService;
  private final List<GroveConfig.ReconfigStep> plan;

  public GroveAdmin(GroveConfig config, NodeId configService) {
    this.config = config;
    this.bug = config.bug();
    this.configService = configService;
    this.plan = GroveSpec.plan(config);
  }

  @Override
  public AdminState init(NodeId self, Durable durable, Effects<GroveMessage, GroveTimer> out) {
    AdminState s = new AdminState();
    int booted = config.bootEpoch() ? 1 : 0; // bootEpoch: the initial setup is done
    s.stepsDone = durable instanceof AdminState.Disk d ? d.stepsDone() : booted;
    if (config.bootEpoch()) {
      s.activeEpoch = 1;
      s.activeServers = config.initial();
    }
    scheduleNextStep(s, out);
    if (config.watchdog()) {
      out.setTimer(new GroveTimer.Watch(), config.watchTicks());
    }
    return s;
  }

  private void scheduleNextStep(AdminState s, Effects<GroveMessage, GroveTimer> out) {
    if (s.stepsDone < plan.size()) {
      long now = KvClient.nowTicks(out.clock());
      out.setTimer(new GroveTimer.NextStep(), Math.max(0, plan.get(s.stepsDone).tick() - now));
    }
  }

  @Override
  public void onMessage(
      AdminState s, NodeId from, GroveMessage m, Effects<GroveMessage, GroveTimer> out) {
    if (!(m instanceof GroveMessage.ToAdmin toAdmin)) {
      return;
    }
    switch (toAdmin) {
      case ReserveReply r -> onReserved(s, r, out);
      case ConfigReply c -> {
        if (c.epoch() >= s.activeEpoch) {
          s.activeEpoch = c.epoch();
          s.activeServers = c.servers();
        }
      }
      case StateReply r -> onState(s, r, out);
      case SetStateReply r -> onSetState(s, from, r, out);
      case WriteConfigReply r -> onWriteConfig(s, r, out);
      case BecomePrimaryReply r -> onBecomePrimary(s, r, out);
      case ProbeReply p -> {
        if (p.round() == s.round) {
          s.probes.put(from, p);
        }
      }
    }
  }

  @Override
  public void onTimer(AdminState s, GroveTimer t, Effects<GroveMessage, GroveTimer> out) {
    switch (t) {
      case GroveTimer.NextStep n -> {
        if (s.phase == null && s.stepsDone < plan.size()) {
          start(s, plan.get(s.stepsDone).servers(), false, out);
        } else if (s.stepsDone < plan.size()) {
          out.setTimer(n, config.adminRetryTicks()); // a repair is running: the step waits
        }
      }
      case GroveTimer.PhaseRetry r -> retry(s, out);
      case GroveTimer.Watch w -> {
        watch(s, out);
        out.setTimer(w, config.watchTicks());
      }
      default -> {}
    }
  }

  // ------------------------------------------------------------------ one reconfiguration

  private void start(
      AdminState s, List<NodeId> target, boolean repair, Effects<GroveMessage, GroveTimer> out) {
    s.target = List.copyOf(target);
    s.repair = repair;
    s.epoch = 0;
    s.snapshot = null;
    s.acks.clear();
    out.annotate("reconfig", (repair ? "repair to " : "to ") + s.target);
    enter(s, Phase.RESERVE, out);
  }

  private void enter(AdminState s, Phase p, Effects<GroveMessage, GroveTimer> out) {
    s.phase = p;
    s.attempts = 0;
    send(s, out);
  }

  /** Sends the current phase's request(s) and arms the phase's retry timer. */
  private void send(AdminState s, Effects<GroveMessage, GroveTimer> out) {
    switch (s.phase) {
      case RESERVE -> out.send(configService, new ReserveEpoch());
      case GET_STATE -> out.send(stateSource(s), new GetState(s.epoch));
      case SET_STATE -> {
        for (NodeId n : s.target) {
          if (!s.acks.contains(n)) {
            out.send(n, new SetState(s.epoch, s.target, s.snapshot));
          }
        }
      }
      case WRITE_CONFIG -> out.send(configService, new WriteConfig(s.epoch, s.target));
      case BECOME_PRIMARY, RETRY_PRIMARY -> out.send(s.target.get(0), new BecomePrimary(s.epoch));
    }
    out.setTimer(new GroveTimer.PhaseRetry(), config.adminRetryTicks());
  }

  /**
   * The old server asked for the state (and sealed): the first (the old primary), then the next on
   * each resend; with {@code stateFrom=rotate} the rotation starts at the epoch, so successive
   * reconfigurations seal different servers, as gokv's random pick does.
   */
  private NodeId stateSource(AdminState s) {
    long start = config.rotateStateSource() ? s.epoch : 0;
    return s.oldServers.get((int) ((start + s.attempts) % s.oldServers.size()));
  }

  private void retry(AdminState s, Effects<GroveMessage, GroveTimer> out) {
    if (s.phase == null) {
      return;
    }
    s.attempts++;
    if (s.phase == Phase.RESERVE && s.attempts >= MAX_ATTEMPTS && !s.limitDeclared) {
      s.limitDeclared = true;
      out.annotate(
          Annotations.PROGRESS_LIMIT, "config service unreachable: no reconfiguration can start");
    }
    if (s.attempts > MAX_ATTEMPTS && s.phase != Phase.RESERVE) {
      restart(s, "phase " + s.phase + " unanswered", out);
      return;
    }
    send(s, out);
  }

  /** Starts over with a fresh epoch (a repair re-picks its servers; RETRY_PRIMARY reconfigures). */
  private void restart(AdminState s, String reason, Effects<GroveMessage, GroveTimer> out) {
    out.annotate("reconfig", "restart: " + reason);
    start(s, s.repair ? repairTarget(s) : s.target, s.repair, out);
  }

  private void onReserved(AdminState s, ReserveReply r, Effects<GroveMessage, GroveTimer> out) {
    if (s.limitDeclared) {
      s.limitDeclared = false;
      out.annotate(Annotations.PROGRESS_LIMIT, "none");
    }
    if (s.phase != Phase.RESERVE) {
      return;
    }
    s.epoch = r.reserved();
    s.oldServers = r.servers();
    s.activeEpoch = Math.max(s.activeEpoch, r.epoch());
    enter(s, Phase.GET_STATE, out);
  }

  private void onState(AdminState s, StateReply r, Effects<GroveMessage, GroveTimer> out) {
    if (s.phase != Phase.GET_STATE || r.epoch() != s.epoch) {
      return;
    }
    if (!r.ok()) {
      restart(s, "GetState refused (a newer epoch exists)", out);
      return;
    }
    s.snapshot = r.state();
    enter(s, Phase.SET_STATE, out);
  }

  private void onSetState(
      AdminState s, NodeId from, SetStateReply r, Effects<GroveMessage, GroveTimer> out) {
    if (s.phase != Phase.SET_STATE || r.epoch() != s.epoch) {
      return;
    }
    if (!r.ok()) {
      restart(s, from + " refused SetState (it is in a newer epoch)", out);
      return;
    }
    s.acks.add(from);
    if (s.acks.containsAll(s.target)) {
      advance(s, out);
    }
  }

  private void onWriteConfig(
      AdminState s, WriteConfigReply r, Effects<GroveMessage, GroveTimer> out) {
    if (s.phase != Phase.WRITE_CONFIG || r.epoch() != s.epoch) {
      return;
    }
    switch (r.status()) {
      case OK -> {
        s.activeEpoch = s.epoch;
        s.activeServers = s.target;
        advance(s, out);
      }
      case STALE -> restart(s, "epoch " + s.epoch + " is stale at the config service", out);
      case WAIT -> out.setTimer(new GroveTimer.PhaseRetry(), r.waitTicks());
    }
  }

  private void onBecomePrimary(
      AdminState s, BecomePrimaryReply r, Effects<GroveMessage, GroveTimer> out) {
    boolean ours = s.phase == Phase.BECOME_PRIMARY || s.phase == Phase.RETRY_PRIMARY;
    if (!ours || r.epoch() != s.epoch) {
      return;
    }
    if (!r.ok()) {
      restart(s, s.target.get(0) + " refused BecomePrimary", out);
    } else if (s.phase == Phase.RETRY_PRIMARY) {
      done(s, out);
    } else {
      advance(s, out);
    }
  }

  /** The reconfiguration's last phases in order: activate the epoch, then set the primary. */
  private static final List<Phase> LAST_PHASES = List.of(Phase.WRITE_CONFIG, Phase.BECOME_PRIMARY);

  /** G1's order; the initial setup (no lease was ever granted) keeps the correct one. */
  private static final List<Phase> G1_LAST_PHASES =
      List.of(Phase.BECOME_PRIMARY, Phase.WRITE_CONFIG);

  /** Moves to the next of the last phases after SetState, or completes after the last one. */
  private void advance(AdminState s, Effects<GroveMessage, GroveTimer> out) {
    boolean setup = !s.repair && s.stepsDone == 0;
    List<Phase> order = bug == GroveBug.G1 && !setup ? G1_LAST_PHASES : LAST_PHASES; // G1
    int next = order.indexOf(s.phase) + 1; // from SET_STATE (-1): the first one
    if (next < order.size()) {
      enter(s, order.get(next), out);
    } else {
      done(s, out);
    }
  }

  private void done(AdminState s, Effects<GroveMessage, GroveTimer> out) {
    out.cancelTimer(new GroveTimer.PhaseRetry());
    out.annotate("reconfig", "epoch " + s.epoch + " serving with " + s.target);
    boolean planned = !s.repair;
    s.phase = null;
    s.ghostCompleted++;
    s.unhealthyRounds = 0;
    if (planned) {
      s.stepsDone++;
      out.persist(new AdminState.Disk(s.stepsDone));
      scheduleNextStep(s, out);
    }
  }

  // ------------------------------------------------------------------ watchdog

  /** Judges the last probe round, maybe starts a repair, then starts the next round. */
  private void watch(AdminState s, Effects<GroveMessage, GroveTimer> out) {
    if (s.phase != null || s.stepsDone == 0) {
      s.unhealthyRounds = 0;
    } else if (healthy(s)) {
      s.unhealthyRounds = 0;
    } else if (++s.unhealthyRounds >= UNHEALTHY_ROUNDS) {
      s.unhealthyRounds = 0;
      repair(s, out);
    }
    s.round++;
    s.probes.clear();
    for (NodeId n : config.servers()) {
      out.send(n, new Probe(s.round));
    }
    out.send(configService, new GetConfig());
  }

  private boolean healthy(AdminState s) {
    if (s.activeServers.isEmpty()) {
      return true; // nothing known yet
    }
    ProbeReply p = s.probes.get(s.activeServers.get(0));
    return p != null && p.epoch() == s.activeEpoch && p.primary() && !p.stalled();
  }

  /**
   * The active primary answered but does not serve: ask it once more (a BecomePrimary that never
   * arrived); otherwise, or if that is refused, reconfigure onto the servers that answered.
   */
  private void repair(AdminState s, Effects<GroveMessage, GroveTimer> out) {
    ProbeReply p = s.probes.get(s.activeServers.get(0));
    if (p != null && p.epoch() == s.activeEpoch && !p.primary()) {
      s.target = s.activeServers;
      s.repair = true;
      s.epoch = s.activeEpoch;
      out.annotate("reconfig", "ask " + s.target.get(0) + " to serve epoch " + s.epoch + " again");
      enter(s, Phase.RETRY_PRIMARY, out);
      return;
    }
    start(s, repairTarget(s), true, out);
  }

  /**
   * The active servers that answered the last probe round (in order), topped up with other servers
   * that answered, up to the first configuration's size; the active servers if none answered.
   */
  private List<NodeId> repairTarget(AdminState s) {
    List<NodeId> out = new java.util.ArrayList<>();
    for (NodeId n : s.activeServers) {
      if (s.probes.containsKey(n)) {
        out.add(n);
      }
    }
    for (NodeId n : s.probes.keySet()) {
      if (out.size() < config.initial().size() && !out.contains(n)) {
        out.add(n);
      }
    }
    return out.isEmpty() ? (s.activeServers.isEmpty() ? config.initial() : s.activeServers) : out;
  }
}
