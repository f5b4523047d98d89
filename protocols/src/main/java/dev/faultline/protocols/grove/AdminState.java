package dev.faultline.protocols.grove;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.grove.GroveMessage.ProbeReply;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reconfiguration admin's state: how many planned reconfigurations are done (durable), the one
 * reconfiguration in progress (its phase and what it has gathered), and the watchdog's view of the
 * servers' health.
 */
public final class AdminState implements NodeState<AdminState> {

  /** The admin's disk: planned reconfigurations completed (the first is the initial setup). */
  public record Disk(int stepsDone) implements Durable {}

  /** Where a reconfiguration stands (in the correct order; G1 swaps the last two). */
  enum Phase {
    RESERVE,
    GET_STATE,
    SET_STATE,
    WRITE_CONFIG,
    BECOME_PRIMARY,
    /** Watchdog: ask the active configuration's first server to become primary, nothing else. */
    RETRY_PRIMARY
  }

  int stepsDone;

  /** The reconfiguration in progress; null: none. */
  Phase phase;

  List<NodeId> target = List.of();
  boolean repair;
  long epoch;
  List<NodeId> oldServers = List.of();
  Snapshot snapshot;
  TreeSet<NodeId> acks = new TreeSet<>();
  int attempts;
  boolean limitDeclared;

  // watchdog
  long round;
  TreeMap<NodeId, ProbeReply> probes = new TreeMap<>();
  long activeEpoch;
  List<NodeId> activeServers = List.of();
  int unhealthyRounds;

  /** Ghost: reconfigurations completed, planned or repairs (never steers behaviour). */
  int ghostCompleted;

  public int stepsDone() {
    return stepsDone;
  }

  public boolean busy() {
    return phase != null;
  }

  public String phaseName() {
    return phase == null ? "idle" : phase.name();
  }

  public List<NodeId> target() {
    return target;
  }

  @Override
  public StateDescription describe() {
    return StateDescription.of()
        .put("stepsDone", stepsDone)
        .put("phase", phase == null ? "idle" : phase.name())
        .put("target", target)
        .put("repair", repair)
        .put("epoch", epoch)
        .put("oldServers", oldServers)
        .put(
            "snapshot",
            snapshot == null
                ? "none"
                : snapshot.nextIndex() + " ops, committed " + snapshot.committed())
        .put("acks", acks)
        .put("attempts", attempts)
        .put("watchdogRound", round)
        .put("activeEpoch", activeEpoch)
        .put("activeServers", activeServers)
        .put("unhealthyRounds", unhealthyRounds);
  }

  @Override
  public AdminState copy() {
    AdminState c = new AdminState();
    c.stepsDone = stepsDone;
    c.phase = phase;
    c.target = target;
    c.repair = repair;
    c.epoch = epoch;
    c.oldServers = oldServers;
    c.snapshot = snapshot;
    c.acks = new TreeSet<>(acks);
    c.attempts = attempts;
    c.limitDeclared = limitDeclared;
    c.round = round;
    c.probes = new TreeMap<>(probes);
    c.activeEpoch = activeEpoch;
    c.activeServers = activeServers;
    c.unhealthyRounds = unhealthyRounds;
    c.ghostCompleted = ghostCompleted;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    Fingerprints.put(sink, stepsDone);
    Fingerprints.put(sink, phase);
    Fingerprints.put(sink, target);
    Fingerprints.put(sink, repair);
    Fingerprints.put(sink, epoch);
    Fingerprints.put(sink, oldServers);
    Fingerprints.put(sink, snapshot);
    Fingerprints.put(sink, acks);
    Fingerprints.put(sink, attempts);
    Fingerprints.put(sink, limitDeclared);
    Fingerprints.put(sink, round);
    Fingerprints.put(sink, probes);
    Fingerprints.put(sink, activeEpoch);
    Fingerprints.put(sink, activeServers);
    Fingerprints.put(sink, unhealthyRounds);
  }
}
