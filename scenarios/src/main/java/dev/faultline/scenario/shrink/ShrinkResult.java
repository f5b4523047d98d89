package dev.faultline.scenario.shrink;

import dev.faultline.scenario.model.Scenario;

/**
 * A shrink: the failing scenario, its minimized version (which violates the same property), sizes
 * as faults + client operations, and how many runs it took.
 *
 * @param stoppedBy null when it reached a 1-minimal scenario, else the budget that ended it
 */
public record ShrinkResult(
    Scenario original,
    Scenario shrunk,
    String property,
    String message,
    int runs,
    long elapsedMillis,
    String stoppedBy) {

  public static int size(Scenario s) {
    return s.faults().size() + s.operationCount();
  }

  public int sizeBefore() {
    return size(original);
  }

  public int sizeAfter() {
    return size(shrunk);
  }

  /** e.g. "412 -> 7 (faults 37 -> 2, operations 375 -> 5, nodes 5 -> 3, clients 3 -> 1)". */
  public String summary() {
    return sizeBefore()
        + " -> "
        + sizeAfter()
        + " (faults "
        + original.faults().size()
        + " -> "
        + shrunk.faults().size()
        + ", operations "
        + original.operationCount()
        + " -> "
        + shrunk.operationCount()
        + ", nodes "
        + original.nodes()
        + " -> "
        + shrunk.nodes()
        + ", clients "
        + original.clients()
        + " -> "
        + shrunk.clients()
        + "), "
        + runs
        + " runs, "
        + elapsedMillis
        + " ms"
        + (stoppedBy == null ? ", 1-minimal" : ", stopped by " + stoppedBy);
  }
}
