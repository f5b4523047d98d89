package dev.faultline.sim.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that node states support the explorer faithfully, on the states a simulated run reaches:
 * the explorer steps copies ({@link NodeState#copy}) and merges states by {@link
 * NodeState#fingerprint}, so a copy that loses a field, or a fingerprint that leaves one out, makes
 * it search the wrong space without any run failing. Every {@code every}-th event, for every live
 * node: its copy fingerprints and describes exactly as it does, and no two states seen in the run
 * share a fingerprint while they describe differently (a fingerprint that misses a field shows as
 * two such states). It relies on {@link NodeState#describe} showing nothing the fingerprint leaves
 * out. A node whose state names the labels it implies ({@link NodeState#labels}) must have
 * annotated them, in a run that keeps annotations. A state that is a {@link FieldFingerprint} is
 * also checked against the generic encoding of its fields, which catches a fingerprint that leaves
 * out a field on the first state checked. A node's state object that is new since the last check (a
 * node that just booted or restarted) is checked at once, whatever the count: a restarted node's
 * first state differs from its first life's only in what the restart bumps, so it is where a
 * fingerprint that leaves out a boot count shows. A protocol turns it on with {@link
 * ClusterSpec#stateFidelityEvery}; the run semantics add it to a white-box run's invariants. Memory
 * is bounded: it remembers at most {@value #REMEMBERED} fingerprints per run.
 *
 * <p>A copy is also a snapshot: it keeps each node's last copy and, at the node's next check, the
 * copy must still fingerprint as it did when it was made. A copy that shares a part its original
 * later changes in place (a copy-on-write state that forgets to take a collection before changing
 * it) changes under the explorer, which keeps a parent state while it steps a copy of it.
 */
public final class StateFidelity implements Invariant {
  public static final String NAME = "StateFidelity";
  static final int REMEMBERED = 20_000;

  private final int every;
  private long calls;

  /**
   * The state object each node position had when last checked (identity: a restart replaces it).
   */
  private NodeState<?>[] lastChecked = new NodeState<?>[0];

  /** Each node position's last copy, and the fingerprint it had when it was made. */
  private NodeState<?>[] heldCopy = new NodeState<?>[0];

  private long[] heldFingerprint = new long[0];

  /** Lookups only, never iterated (the check's verdict does not depend on its order). */
  private final Map<Long, String> seen = new HashMap<>();

  public StateFidelity(int every) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be >= 1");
    }
    this.every = every;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String check(SystemView view) {
    boolean due = calls++ % every == 0;
    int n = view.nodes().size();
    if (lastChecked.length != n) {
      lastChecked = new NodeState<?>[n];
      heldCopy = new NodeState<?>[n];
      heldFingerprint = new long[n];
    }
    for (int i = 0; i < n; i++) {
      NodeState<?> s = view.stateAt(i);
      if (s == null || !due && s == lastChecked[i]) {
        continue;
      }
      lastChecked[i] = s;
      String broken = check(view.nodes().get(i), s, i);
      if (broken == null && view.keepsAnnotations()) {
        broken = labelsDiffer(view, view.nodes().get(i), s);
      }
      if (broken != null) {
        return broken;
      }
    }
    return null;
  }

  private String check(NodeId node, NodeState<?> s, int i) {
    if (heldCopy[i] != null && Fingerprints.of(heldCopy[i]) != heldFingerprint[i]) {
      return node
          + "'s copy changed after it was made: copy() shares a part that its original changed"
          + " later, in place";
    }
    long fp = Fingerprints.of(s);
    // Rendered now: a description may hold live parts of the state, which change later.
    String described = s.describe().toString();
    NodeState<?> copy = s.copy();
    if (Fingerprints.of(copy) != fp) {
      return node
          + "'s state and its copy fingerprint differently: copy() loses or changes a field";
    }
    heldCopy[i] = copy;
    heldFingerprint[i] = fp;
    String copied = copy.describe().toString();
    if (!copied.equals(described)) {
      return node + "'s copy describes differently from its state: " + copied + " vs " + described;
    }
    String encoding = s instanceof FieldFingerprint ? FieldFingerprint.mismatch(s) : null;
    if (encoding != null) {
      return node + "'s " + encoding;
    }
    String before = seen.get(fp);
    if (before == null) {
      if (seen.size() < REMEMBERED) {
        seen.put(fp, described);
      }
    } else if (!before.equals(described)) {
      return node
          + " reached two states with one fingerprint that describe differently (fingerprint()"
          + " leaves out a field): "
          + before
          + " and "
          + described;
    }
    return null;
  }

  /**
   * The first label the node's state implies ({@link NodeState#labels}) that it did not annotate.
   */
  private static String labelsDiffer(SystemView view, NodeId node, NodeState<?> s) {
    for (Map.Entry<String, String> label : s.labels(node).entrySet()) {
      String annotated = view.latestAnnotation(node, label.getKey());
      if (Annotations.PROGRESS_LIMIT.equals(label.getKey()) && "none".equals(annotated)) {
        annotated = null;
      }
      if (!Objects.equals(annotated, label.getValue())) {
        return node
            + "'s latest "
            + label.getKey()
            + " label is "
            + (annotated == null ? "missing" : "'" + annotated + "'")
            + " but its state says "
            + (label.getValue() == null ? "none" : "'" + label.getValue() + "'");
      }
    }
    return null;
  }
}
