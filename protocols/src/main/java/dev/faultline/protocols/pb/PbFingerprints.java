package dev.faultline.protocols.pb;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The bytes {@link Fingerprints#put} writes for PB's views, view changes, node sets and boot-count
 * maps, written by hand: the generic path looks each record's components up through method handles
 * and boxes every number, and the explorer fingerprints a node's state at every step the node takes
 * (the records' generic encoding was about a tenth of a PB search's CPU). {@code
 * FieldFingerprint.mismatch} holds the states' fingerprints to the generic encoding of their fields
 * ({@code PbFieldFingerprintTest}, {@code ViewServerStateCopyTest}, and {@code StateFidelity} on
 * every sampled state).
 */
final class PbFingerprints {
  private static final String VIEW = View.class.getName();
  private static final String VIEW_CHANGE = ViewServerState.ViewChange.class.getName();

  private PbFingerprints() {}

  /** As {@code Fingerprints.put(sink, (Long) value)}. */
  static void putLong(PrimitiveSink sink, long value) {
    sink.putByte((byte) 3).putLong(value);
  }

  /** As {@code Fingerprints.put(sink, (Boolean) value)}. */
  static void putBoolean(PrimitiveSink sink, boolean value) {
    sink.putByte((byte) 4).putBoolean(value);
  }

  /**
   * As {@code Fingerprints.put(sink, view)}: a record, its components in order. Never null: every
   * state's view starts as {@link View#STARTUP} and is only replaced by another view.
   */
  static void putView(PrimitiveSink sink, View view) {
    sink.putByte((byte) 8).putString(VIEW, StandardCharsets.UTF_8);
    putLong(sink, view.num());
    Fingerprints.putNode(sink, view.primary());
    Fingerprints.putNode(sink, view.backup());
  }

  /**
   * As {@code Fingerprints.put(sink, changes)}: a list of records (none null: the view server logs
   * one per view change).
   */
  static void putChanges(PrimitiveSink sink, List<ViewServerState.ViewChange> changes) {
    sink.putByte((byte) 10).putInt(changes.size());
    for (int i = 0; i < changes.size(); i++) {
      ViewServerState.ViewChange c = changes.get(i);
      sink.putByte((byte) 8).putString(VIEW_CHANGE, StandardCharsets.UTF_8);
      putView(sink, c.from());
      putView(sink, c.to());
      putBoolean(sink, c.fromAcked());
    }
  }

  /** As {@code Fingerprints.put(sink, nodes)}: a sorted set, in order. */
  static void putNodes(PrimitiveSink sink, SortedSet<NodeId> nodes) {
    sink.putByte((byte) 11).putInt(nodes.size());
    for (NodeId n : nodes) {
      Fingerprints.putNode(sink, n);
    }
  }

  /** As {@code Fingerprints.put(sink, counts)}: a sorted map, in key order. */
  static void putNodeCounts(PrimitiveSink sink, SortedMap<NodeId, Long> counts) {
    sink.putByte((byte) 12).putInt(counts.size());
    for (Map.Entry<NodeId, Long> e : counts.entrySet()) {
      Fingerprints.putNode(sink, e.getKey());
      Fingerprints.put(sink, e.getValue());
    }
  }
}
