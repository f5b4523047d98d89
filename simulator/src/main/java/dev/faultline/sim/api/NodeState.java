package dev.faultline.sim.api;

import com.google.common.hash.PrimitiveSink;
import java.util.Collections;
import java.util.SortedMap;

/**
 * A node's volatile state (the durable part is whatever it last persisted). The simulator mutates
 * it in place; the explorer copies the node it steps ({@link #copy()}) and deduplicates states by
 * {@link #fingerprint}, which must write every field that affects future behaviour in a canonical
 * order (sorted maps and sets; never {@code hashCode()}, which differs between JVM runs for enums).
 * {@link Fingerprints} does that for common values.
 */
public interface NodeState<S extends NodeState<S>> {
  /**
   * An independent copy: a change to either side never shows in the other. Parallel explorer
   * workers may copy one stored state at the same time, so a copy may share structure copy-on-write
   * and mark both sides "shared" (an idempotent flag), but must change nothing else in the source.
   */
  S copy();

  void fingerprint(PrimitiveSink sink);

  /**
   * This state for people (reports, the trace's state file, the debugger): named fields, see {@link
   * StateDescription}. It must be a pure function of the state (same state, same description) and
   * must not change the state. Every protocol's states implement it; the default, {@link
   * StateDescription#NONE}, marks a state that does not, and the contract suite fails it.
   */
  default StateDescription describe() {
    return StateDescription.NONE;
  }

  /**
   * This state with node ids renamed by {@code renaming} (its own id, peers, votes, per-peer maps,
   * leader hints...), for the explorer's symmetry reduction ({@link Symmetry}): it must fingerprint
   * exactly as the state the renamed node would have reached had the servers been named that way
   * (sorted collections re-sorted). The result is only fingerprinted, never stepped or changed, so
   * it may share structure with this state (or be this state when it names no node); it must not
   * change this state. Only protocols that declare a symmetry implement it.
   */
  default S renamed(NodeRenaming renaming) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot rename node ids (its protocol declares no symmetry)");
  }

  /**
   * The annotations this state implies for node {@code self}: for each key given, the value its
   * latest {@link Effects#annotate} of that key must hold now (null: none; for {@link
   * Annotations#PROGRESS_LIMIT} "none" counts as null). Reports draw these labels, and
   * role-targeted faults aim by the latest role, so a label the node forgot to update is a visible
   * bug; {@link StateFidelity} checks it in a simulated run. Default: nothing (a protocol opts in
   * per state).
   */
  default SortedMap<String, String> labels(NodeId self) {
    return Collections.emptySortedMap();
  }
}
