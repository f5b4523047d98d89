package dev.faultline.sim.api;

import java.util.List;

/**
 * Which servers of a configuration a protocol declares interchangeable, for the explorer's symmetry
 * reduction: renaming them by any permutation (inside every node state, message, timer and durable
 * record) maps each behaviour of the system to another behaviour, and each invariant holds of a
 * state exactly when it holds of the renamed state. Then states that differ only by such a renaming
 * are one state to the search. A protocol whose behaviour depends on the order of ids (ballots tie
 * broken by server id, a fixed initial leader, a client trying servers in id order, a coordinator
 * picking "the first idle server") refuses, saying why in {@link #refusal}.
 *
 * @param interchangeable the servers any permutation of which is a symmetry (empty when refused)
 * @param refusal why the configuration is not symmetric (null when declared)
 */
public record Symmetry(List<NodeId> interchangeable, String refusal) {
  public Symmetry {
    interchangeable = List.copyOf(interchangeable);
    if ((refusal == null) == interchangeable.isEmpty()) {
      throw new IllegalArgumentException("a symmetry names servers or a refusal, not both");
    }
  }

  /** The servers {@code ids} are interchangeable. */
  public static Symmetry of(List<NodeId> ids) {
    return new Symmetry(ids, null);
  }

  /** Not symmetric, because {@code why} (one line, naming the protocol). */
  public static Symmetry refused(String why) {
    return new Symmetry(List.of(), why);
  }

  public boolean declared() {
    return refusal == null;
  }
}
