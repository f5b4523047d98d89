package dev.faultline.protocols.pb;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
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

/**
 * A PB server's volatile state (all of it is lost in a crash: servers restart empty). Its
 * fingerprint is the generic encoding of its fields, in the order they are declared ({@link
 * FieldFingerprint}).
 */
public final class PbServerState implements NodeState<PbServerState>, FieldFingerprint {

  /** A client operation waiting at the primary. */
  public record Request(NodeId client, long seq, String f, String key, String value) {}

  final long incarnation;
  View view = View.STARTUP;

  /** The view number this server reports in its pings (its acknowledgement). */
  long reportedViewNum;

  KvStore kv = new KvStore();
  SessionTable sessions = new SessionTable();

  /** As backup: the view whose snapshot it installed (-1: none). */
  long installedViewNum = -1;

  /**
   * As primary: the life (boot count) of the current backup that the state transfer is addressed
   * to, as last reported by the view server.
   */
  long backupIncarnation;

  /** As primary: the backup of the current view has acknowledged the state transfer. */
  boolean transferDone;

  /** As primary: the operation forwarded to the backup and not yet answered. */
  Request pending;

  /** As primary: client operations waiting their turn, one per client, in arrival order. */
  List<Request> queue = new ArrayList<>();

  PbServerState(long incarnation) {
    this.incarnation = incarnation;
  }

  public View view() {
    return view;
  }

  public long installedViewNum() {
    return installedViewNum;
  }

  public boolean transferDone() {
    return transferDone;
  }

  public KvStore kv() {
    return kv;
  }

  public SessionTable sessions() {
    return sessions;
  }

  /**
   * Every field the fingerprint holds (the view it works in, the backup's life it addresses, the KV
   * store and sessions, the primary's queue), so that {@code StateFidelity} can tell apart any two
   * states the fingerprint does.
   */
  @Override
  public StateDescription describe() {
    return StateDescription.of()
        .put("view", view.toString())
        .put("reportedView", reportedViewNum)
        .put("incarnation", incarnation)
        .put("installedView", installedViewNum)
        .put("backupIncarnation", backupIncarnation)
        .put("transferDone", transferDone)
        .put("pending", pending)
        .put("queue", queue)
        .put("kv", kv.snapshot())
        .put("sessions", sessions.described());
  }

  /** Its role in its view, and the view once it has one (the labels {@link PbServer} annotates). */
  @Override
  public SortedMap<String, String> labels(NodeId self) {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(Annotations.ROLE, PbLabels.role(view, self));
    labels.put(Annotations.VIEW, view.num() == 0 ? null : PbLabels.view(view));
    return labels;
  }

  @Override
  public PbServerState copy() {
    PbServerState c = new PbServerState(incarnation);
    c.view = view;
    c.reportedViewNum = reportedViewNum;
    c.kv = kv.copy();
    c.sessions = sessions.copy();
    c.installedViewNum = installedViewNum;
    c.backupIncarnation = backupIncarnation;
    c.transferDone = transferDone;
    c.pending = pending;
    c.queue = new ArrayList<>(queue);
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    PbFingerprints.putLong(sink, incarnation);
    PbFingerprints.putView(sink, view);
    PbFingerprints.putLong(sink, reportedViewNum);
    kv.fingerprint(sink);
    sessions.fingerprint(sink);
    PbFingerprints.putLong(sink, installedViewNum);
    PbFingerprints.putLong(sink, backupIncarnation);
    PbFingerprints.putBoolean(sink, transferDone);
    Fingerprints.put(sink, pending);
    Fingerprints.put(sink, queue);
  }
}
