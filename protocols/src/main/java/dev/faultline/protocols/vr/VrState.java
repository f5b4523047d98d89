package dev.faultline.protocols.vr;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A VR replica's state (section 4 of the paper), plus what its status is waiting for. */
public final class VrState implements NodeState<VrState> {
  final NodeId self;
  final long incarnation;

  long view;
  VrStatus status = VrStatus.NORMAL;
  long lastNormalView;

  /** Entry i (0-based) has op number i+1; opNumber is the log's size. */
  ArrayList<VrOp> log = new ArrayList<>();

  /**
   * How many times entries of {@link #log} were removed or replaced in place (a new list counts
   * too). Between two equal counts on the same list, the log only grew at its end: the invariants
   * use this to re-check only what an event appended.
   */
  long logRewrites;

  long commit;

  /** The view last written to disk (durableView only). */
  long savedView;

  /** How many log entries have been executed (always <= commit). */
  long executed;

  KvStore kv = new KvStore();

  /** Client table, executed half: each client's last executed request and its result. */
  SessionTable results = new SessionTable();

  /** Client table, logged half: each client's latest request number in the log. */
  TreeMap<String, Long> latestRequest = new TreeMap<>();

  /** True while this replica is the primary of its view in normal status. */
  boolean primary;

  /** As primary: per backup, the highest op number it acknowledged in this view. */
  TreeMap<NodeId, Long> acked = new TreeMap<>();

  /** In view-change status: who sent STARTVIEWCHANGE for {@code view}. */
  TreeMap<NodeId, Boolean> startViewChanges = new TreeMap<>();

  /** In view-change status, as the new primary: the DOVIEWCHANGEs for {@code view}, by sender. */
  TreeMap<NodeId, VrMessage.DoViewChange> doViewChanges = new TreeMap<>();

  /** The newer view a state transfer was asked for (-1: none) and the op it asked from. */
  long transferView = -1;

  long transferFrom;

  /** Recovering: the nonce of this attempt and the responses with it, by sender. */
  long nonce;

  TreeMap<NodeId, VrMessage.RecoveryResponse> recoveryResponses = new TreeMap<>();

  /** Recovering: the replicas heard recovering too (to tell when more than f lost state). */
  TreeMap<NodeId, Boolean> recoveringPeers = new TreeMap<>();

  VrState(NodeId self, long incarnation) {
    this.self = self;
    this.incarnation = incarnation;
  }

  public NodeId self() {
    return self;
  }

  public long view() {
    return view;
  }

  public VrStatus status() {
    return status;
  }

  public long lastNormalView() {
    return lastNormalView;
  }

  public long opNumber() {
    return log.size();
  }

  public long commit() {
    return commit;
  }

  public boolean isPrimary() {
    return primary;
  }

  /** The log entry with op number {@code n} (1-based). */
  public VrOp op(long n) {
    return log.get((int) (n - 1));
  }

  public List<VrOp> log() {
    return java.util.Collections.unmodifiableList(log);
  }

  public KvStore kv() {
    return kv;
  }

  /** Drops the entries from index {@code from} (0-based) to the end. */
  void truncateLog(int from) {
    log.subList(from, log.size()).clear();
    logRewrites++;
  }

  ImmutableList<VrOp> logCopy() {
    return ImmutableList.copyOf(log);
  }

  /** View, status, op number and log (newest entries), commit, the KV store and client table. */
  @Override
  public StateDescription describe() {
    return StateDescription.of()
        .put("view", view)
        .put("status", status)
        .put("primary", primary)
        .put("lastNormalView", lastNormalView)
        .put("opNumber", log.size())
        .put("commit", commit)
        .put("executed", executed)
        .putLog(
            "log",
            log,
            1,
            op ->
                op.f()
                    + " "
                    + op.key()
                    + (op.value() == null ? "" : "=" + op.value())
                    + " ("
                    + op.client()
                    + "#"
                    + op.requestNumber()
                    + ")")
        .put("kv", kv.snapshot())
        .put("clientTable", results.described())
        .put("latestRequest", latestRequest)
        .put("acked", acked)
        .put("startViewChanges", startViewChanges.keySet())
        .put("doViewChanges", doViewChanges.keySet())
        .put("transferView", transferView)
        .put("recoveryResponses", recoveryResponses.keySet())
        .put("incarnation", incarnation);
  }

  @Override
  public VrState copy() {
    VrState c = new VrState(self, incarnation);
    c.view = view;
    c.status = status;
    c.lastNormalView = lastNormalView;
    c.log = new ArrayList<>(log);
    c.logRewrites = logRewrites;
    c.commit = commit;
    c.savedView = savedView;
    c.executed = executed;
    c.kv = kv.copy();
    c.results = results.copy();
    c.latestRequest = new TreeMap<>(latestRequest);
    c.primary = primary;
    c.acked = new TreeMap<>(acked);
    c.startViewChanges = new TreeMap<>(startViewChanges);
    c.doViewChanges = new TreeMap<>(doViewChanges);
    c.transferView = transferView;
    c.transferFrom = transferFrom;
    c.nonce = nonce;
    c.recoveryResponses = new TreeMap<>(recoveryResponses);
    c.recoveringPeers = new TreeMap<>(recoveringPeers);
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    Fingerprints.put(sink, incarnation);
    Fingerprints.put(sink, view);
    Fingerprints.put(sink, status);
    Fingerprints.put(sink, lastNormalView);
    Fingerprints.put(sink, log);
    Fingerprints.put(sink, commit);
    Fingerprints.put(sink, savedView);
    Fingerprints.put(sink, executed);
    kv.fingerprint(sink);
    results.fingerprint(sink);
    Fingerprints.put(sink, latestRequest);
    Fingerprints.put(sink, primary);
    Fingerprints.put(sink, acked);
    Fingerprints.put(sink, startViewChanges);
    Fingerprints.put(sink, doViewChanges);
    Fingerprints.put(sink, transferView);
    Fingerprints.put(sink, transferFrom);
    Fingerprints.put(sink, nonce);
    Fingerprints.put(sink, recoveryResponses);
    Fingerprints.put(sink, recoveringPeers);
  }
}
