package dev.faultline.scenario.explore;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.VariantSearch;
import dev.faultline.sim.explore.ExploreBounds;
import java.util.List;
import java.util.SortedMap;

/**
 * One breadth-first search of a hunt: a small model (servers, the clients' workload, protocol
 * options, crashes per path, model bounds) searched until a violation, the state budget or the
 * hunt's deadline.
 *
 * @param origin where the stage comes from: "declared by R5" (a variant's declared search shape) or
 *     "generic"
 * @param stateBudget distinct states this stage may visit (the hunt may lower it: memory, deadline)
 * @param staged the declared staged search whose stages lead to where this BFS starts ({@link
 *     VariantSearch#starts}); null: the BFS starts from the initial state
 * @param deepening one step of an iterative deepening over {@code max-timer-fires}: when it uses up
 *     its state budget the hunt skips the deeper steps that follow
 * @param clock the time model (clock steps and choices; {@link VariantSearch.Clock#NONE} for the
 *     generic stages)
 */
public record HuntStage(
    String origin,
    int servers,
    List<List<ClientOp>> workload,
    SortedMap<String, String> options,
    int crashes,
    ExploreBounds bounds,
    long stateBudget,
    VariantSearch staged,
    boolean deepening,
    VariantSearch.Clock clock) {

  public HuntStage {
    workload = workload.stream().map(List::copyOf).toList();
    options = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(options));
    clock = clock == null ? VariantSearch.Clock.NONE : clock;
  }

  /** The same model with at most {@code fires} timer firings per path, a deepening step. */
  HuntStage withTimerFires(int fires, long budget) {
    return new HuntStage(
        origin + ", deepening max-timer-fires=" + fires,
        servers,
        workload,
        options,
        crashes,
        bounds.withMaxTimerFires(fires),
        budget,
        staged,
        true,
        clock);
  }

  /** The model this stage searches, without its origin or budget (to drop repeated shapes). */
  String shape() {
    return servers + " " + workload + " " + options + " " + crashes + " " + bounds + " " + goals()
        + " " + clock;
  }

  /** For people: "3 servers, 1 client (put), max-crashes=1, max-timer-repeats=1". */
  String describe() {
    StringBuilder b = new StringBuilder();
    b.append(servers).append(" servers, ").append(clientsText()).append(", max-crashes=");
    b.append(crashes);
    if (bounds.maxTimerRepeats() > 0) {
      b.append(", max-timer-repeats=").append(bounds.maxTimerRepeats());
    }
    if (bounds.maxInFlightPerLink() > 0) {
      b.append(", max-in-flight-per-link=").append(bounds.maxInFlightPerLink());
    }
    if (bounds.maxTimerFires() > 0) {
      b.append(", max-timer-fires=").append(bounds.maxTimerFires());
    }
    if (clock.steps() > 0 || clock.choices() > 0) {
      b.append(", max-clock-steps=").append(clock.steps());
      b.append(", clock-step-ticks=").append(clock.stepTicks());
      b.append(", clock-uncertainty-ticks=").append(clock.uncertaintyTicks());
      b.append(", max-clock-choices=").append(clock.choices());
    }
    options.forEach((k, v) -> b.append(", ").append(k).append('=').append(v));
    if (staged != null) {
      b.append(", from the first ").append(goals());
    }
    return b.toString();
  }

  /** The staged search's goals in order: "ready view, then stale client view"; "" if none. */
  String goals() {
    return staged == null
        ? ""
        : String.join(", then ", staged.starts().stream().map(VariantSearch.Start::goal).toList());
  }

  private String clientsText() {
    if (workload.isEmpty()) {
      return "no clients";
    }
    List<String> each =
        workload.stream()
            .map(ops -> String.join(" ", ops.stream().map(ClientOp::f).toList()))
            .toList();
    return workload.size()
        + (workload.size() == 1 ? " client (" : " clients (")
        + String.join("; ", each)
        + ")";
  }
}
