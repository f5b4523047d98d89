package dev.faultline.protocols.pb;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.FieldFingerprint;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The view server's volatile state, plus a ghost log of view changes for the invariants. Its
 * fingerprint is the generic encoding of its fields, in the order they are declared ({@link
 * FieldFingerprint}).
 */
public final class ViewServerState implements NodeState<ViewServerState>, FieldFingerprint {

  /** One view change and whether the view it left had been acknowledged by its primary. */
  public record ViewChange(View from, View to, boolean fromAcked) {}

  /** Restarted with its memory gone: it answers nobody rather than invent views from scratch. */
  boolean halted;

  View view = View.STARTUP;
  boolean primaryAcked;
  TreeSet<NodeId> pingedThisInterval = new TreeSet<>();
  TreeSet<NodeId> pingedLastInterval = new TreeSet<>();

  /** Last boot count seen per server. */
  TreeMap<NodeId, Long> incarnations = new TreeMap<>();

  /** Primary/backup of the current view seen restarting (they lost their state). */
  TreeSet<NodeId> restarted = new TreeSet<>();

  /** Ghost: every view change so far (invariants read it; it never influences behaviour). */
  List<ViewChange> changes = new ArrayList<>();

  /** The progress limit last announced in the trace (annotation "limit"), or null. */
  String announcedLimit;

  // Copy-on-write for the collections above: copy() shares them with the copy, and either side
  // copies one before it first changes it in place (through the methods below). The explorer copies
  // a node's state at every step the node takes, and most of the view server's steps change none of
  // them: copying them was an eighth of a PB search's CPU. Bits: which this state may change in
  // place. pingedLastInterval needs none: it is never changed in place, only replaced.
  private static final int THIS_INTERVAL = 1;
  private static final int INCARNATIONS = 2;
  private static final int RESTARTED = 4;
  private static final int CHANGES = 8;
  private static final int ALL = 15;
  private transient int owned = ALL; // transient: not part of the state (FieldFingerprint)

  /**
   * In the current view, a live idle server was available as backup while the acknowledged view had
   * none, and the service did not add it. The correct service adds it in the same step, so this
   * stays false; it is true only for a view server that withholds backups, whose "no live backup"
   * is then no accepted progress limit.
   */
  boolean backupWithheld;

  public View view() {
    return view;
  }

  /** {@code n} pinged in the current interval. */
  void pinged(NodeId n) {
    if (!pingedThisInterval.contains(n)) {
      own(THIS_INTERVAL);
      pingedThisInterval.add(n);
    }
  }

  /** The current check interval ends: it becomes the last one, and a new one starts. */
  void newInterval() {
    pingedLastInterval = pingedThisInterval;
    pingedThisInterval = new TreeSet<>();
    owned |= THIS_INTERVAL;
  }

  /** Records {@code n}'s boot count; returns the one seen before (null: none). */
  Long incarnationSeen(NodeId n, long incarnation) {
    Long known = incarnations.get(n);
    if (known == null || known != incarnation) {
      own(INCARNATIONS);
      incarnations.put(n, incarnation);
    }
    return known;
  }

  /** {@code n}, primary or backup of the current view, was seen restarting. */
  void markRestarted(NodeId n) {
    if (!restarted.contains(n)) {
      own(RESTARTED);
      restarted.add(n);
    }
  }

  /** The view changes from the current one to {@code next}: logged, and restarts forgotten. */
  void logChange(ViewChange change) {
    own(CHANGES);
    changes.add(change);
    if (!restarted.isEmpty()) {
      restarted = new TreeSet<>();
      owned |= RESTARTED;
    }
  }

  /** Makes the collection {@code bit} this state's own before it changes it. */
  private void own(int bit) {
    if ((owned & bit) != 0) {
      return;
    }
    switch (bit) {
      case THIS_INTERVAL -> pingedThisInterval = new TreeSet<>(pingedThisInterval);
      case INCARNATIONS -> incarnations = new TreeMap<>(incarnations);
      case RESTARTED -> restarted = new TreeSet<>(restarted);
      case CHANGES -> changes = new ArrayList<>(changes);
      default -> throw new IllegalArgumentException("collection bit " + bit);
    }
    owned |= bit;
  }

  public boolean primaryAcked() {
    return primaryAcked;
  }

  public boolean halted() {
    return halted;
  }

  public List<ViewChange> changes() {
    return List.copyOf(changes);
  }

  /** Pinged in the current or the previous check interval, and not seen restarting. */
  boolean alive(NodeId n) {
    return n != null
        && !restarted.contains(n)
        && (pingedThisInterval.contains(n) || pingedLastInterval.contains(n));
  }

  /**
   * If the view service is stuck in one of the known, accepted progress limits of this design, a
   * sentence naming it; otherwise null. (Used to tell an expected Liveness outcome from a bug.)
   */
  public String progressLimit() {
    if (halted) {
      return "the view server restarted without its view, so no view can change any more";
    }
    if (view.num() == 0 || alive(view.primary())) {
      return null;
    }
    if (!primaryAcked) {
      return "primary " + view.primary() + " of view " + view + " failed before acknowledging it";
    }
    if (view.backup() == null ? !backupWithheld : !alive(view.backup())) {
      return "primary " + view.primary() + " of view " + view + " failed with no live backup";
    }
    return null;
  }

  /**
   * The current view, whether its primary acknowledged it, who pinged, its view changes, and every
   * other field the fingerprint holds, so that {@code StateFidelity} can tell apart any two states
   * the fingerprint does.
   */
  @Override
  public StateDescription describe() {
    return StateDescription.of()
        .put("view", view.toString())
        .put("primaryAcked", primaryAcked)
        .put("halted", halted)
        .put("pingedThisInterval", pingedThisInterval)
        .put("pingedLastInterval", pingedLastInterval)
        .put("incarnations", incarnations)
        .put("restarted", restarted)
        .put("progressLimit", progressLimit())
        .put("announcedLimit", announcedLimit)
        .put("backupWithheld", backupWithheld)
        .putLog(
            "viewChanges",
            changes,
            1,
            c -> c.from() + " -> " + c.to() + (c.fromAcked() ? "" : " (unacked)"));
  }

  /** Its view (or that it halted) and the progress limit it announced, as it annotates them. */
  @Override
  public SortedMap<String, String> labels(NodeId self) {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(Annotations.VIEW, halted ? HALTED_LABEL : PbLabels.view(view));
    labels.put(Annotations.PROGRESS_LIMIT, announcedLimit);
    return labels;
  }

  /** The view label of a view server that restarted without its view. */
  static final String HALTED_LABEL = "halted: restarted without its view";

  @Override
  public ViewServerState copy() {
    ViewServerState c = new ViewServerState();
    c.halted = halted;
    c.view = view;
    c.primaryAcked = primaryAcked;
    c.pingedThisInterval = pingedThisInterval; // shared until one side changes it (see owned)
    c.pingedLastInterval = pingedLastInterval;
    c.incarnations = incarnations;
    c.restarted = restarted;
    c.changes = changes;
    c.owned = 0;
    if (owned != 0) { // a state the explorer holds is copied by several threads: write it once
      owned = 0;
    }
    c.announcedLimit = announcedLimit;
    c.backupWithheld = backupWithheld;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    PbFingerprints.putBoolean(sink, halted);
    PbFingerprints.putView(sink, view);
    PbFingerprints.putBoolean(sink, primaryAcked);
    PbFingerprints.putNodes(sink, pingedThisInterval);
    PbFingerprints.putNodes(sink, pingedLastInterval);
    PbFingerprints.putNodeCounts(sink, incarnations);
    PbFingerprints.putNodes(sink, restarted);
    PbFingerprints.putChanges(sink, changes);
    Fingerprints.put(sink, announcedLimit);
    PbFingerprints.putBoolean(sink, backupWithheld);
  }
}
