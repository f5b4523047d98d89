package dev.faultline.check.run;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.HistoryEvent;
import java.util.List;

/**
 * The EVENTUALLY property checked after a stabilize phase: every client finished its script, i.e.
 * every operation invoked got a definite answer (ok or fail) and none is left unissued. An {@code
 * info} (indeterminate) completion does not count: after the cluster is healed it should answer.
 */
public final class Liveness {
  private Liveness() {}

  /** Null when live, else a sentence naming the first stuck client and operation. */
  public static String check(
      List<List<ClientOp>> script, List<HistoryEvent> history, long endTick) {
    int clients = script.size();
    int[] completed = new int[clients];
    HistoryEvent[] open = new HistoryEvent[clients];
    for (HistoryEvent e : history) {
      if (e.process() >= clients) {
        continue;
      }
      switch (e.type()) {
        case INVOKE -> open[e.process()] = e;
        case OK, FAIL -> {
          completed[e.process()]++;
          open[e.process()] = null;
        }
        case INFO -> {}
      }
    }
    for (int c = 0; c < clients; c++) {
      int total = script.get(c).size();
      if (completed[c] < total) {
        ClientOp next = script.get(c).get(completed[c]);
        HistoryEvent stuck = open[c];
        String what =
            stuck != null
                ? "its operation "
                    + describe(stuck.f(), stuck.key(), stuck.value())
                    + " invoked at tick "
                    + stuck.timeTicks()
                    + " never completed"
                : "its operation "
                    + describe(next.f(), next.key(), next.value())
                    + " was never invoked";
        return "client c"
            + (c + 1)
            + " completed "
            + completed[c]
            + " of "
            + total
            + " operations by tick "
            + endTick
            + " after the cluster stabilized: "
            + what;
      }
    }
    return null;
  }

  private static String describe(String f, String key, String value) {
    return f + "(" + key + (value == null ? "" : ", " + value) + ")";
  }
}
