package dev.faultline.sim.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One breadth-first search from the initial state (or, staged, from a named start state: {@link
 * Start}) that must find a bug variant: {@code servers} servers, the clients' {@code workload},
 * protocol {@code options}, at most {@code crashes} crashes along a path (no drops, isolations or
 * link cuts), the optional model bounds (0: off) {@code maxTimerRepeats}, {@code
 * maxInFlightPerLink}, {@code maxTimerFires}, searched to depth {@code steps} (counted from the
 * start state). BFS reports the shortest counterexample first, so the search must report {@code
 * property} with a path of exactly {@code steps} steps, and the correct protocol under the same
 * search must end without a violation. The contract suite holds every declared search to that.
 *
 * @param property the property reported; null: the variant's own {@code violates}
 * @param uniqueStates the states the variant's search visits, pinned as a regression guard; 0: not
 *     pinned
 * @param costly takes more than about 20 s on a loaded 2-core machine: the contract suite runs it
 *     only with {@code -Dfl.contract.bfs=all}
 * @param starts the stages of a staged search, in order; empty: from the initial state
 * @param clock the search's time model: clock steps, their size, the clocks' uncertainty and the
 *     clock choices per path ({@link Clock#NONE}: time never moves, every reading is exact)
 */
public record VariantSearch(
    int servers,
    List<List<ClientOp>> workload,
    SortedMap<String, String> options,
    int crashes,
    int maxTimerRepeats,
    int maxInFlightPerLink,
    int maxTimerFires,
    String property,
    int steps,
    long uniqueStates,
    boolean costly,
    List<Start> starts,
    Clock clock) {
  /**
   * One stage of a staged search: BFS to the first state where {@code reached} holds. The first
   * stage runs from the initial state with no clients, no faults and no model bound (e.g. pb's
   * first ready view; the clients of later stages wait through those steps, so its path is a prefix
   * of theirs too); each later one from the end of the one before, with the search's clients,
   * crashes and model bounds.
   *
   * @param goal the state's name, for people ("ready view")
   */
  public record Start(String goal, Predicate<SystemView> reached) {}

  /**
   * The time model of a search, for protocols whose handlers read {@code clock()} (leases): at most
   * {@code steps} clock steps of {@code stepTicks} along a path, readings {@code [t - eps, t +
   * eps]} with eps = {@code uncertaintyTicks}, and at most {@code choices} clock choices (true time
   * moved to a reading's lower bound, centre or upper bound, within the promise).
   */
  public record Clock(int steps, long stepTicks, long uncertaintyTicks, int choices) {
    /** No clock steps, no uncertainty, no choices (the explorer's default time model). */
    public static final Clock NONE = new Clock(0, 100, 0, 0);

    public Clock {
      if (steps < 0 || stepTicks < 1 || uncertaintyTicks < 0 || choices < 0) {
        throw new IllegalArgumentException(
            "search clock: steps, uncertainty, choices >= 0; stepTicks >= 1");
      }
      if (choices > 0 && uncertaintyTicks == 0) {
        throw new IllegalArgumentException("search clock: choices need uncertaintyTicks > 0");
      }
    }
  }

  public VariantSearch {
    if (servers < 1 || steps < 1 || crashes < 0 || uniqueStates < 0) {
      throw new IllegalArgumentException("search: servers, steps >= 1; crashes, states >= 0");
    }
    workload = workload.stream().map(List::copyOf).toList();
    options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
    starts = List.copyOf(starts);
    clock = clock == null ? Clock.NONE : clock;
  }

  /** A search with no options, faults or bounds that finds the variant's own property. */
  public static VariantSearch of(int servers, List<List<ClientOp>> workload, int steps) {
    return new VariantSearch(
        servers,
        workload,
        new TreeMap<>(),
        0,
        0,
        0,
        0,
        null,
        steps,
        0,
        false,
        List.of(),
        Clock.NONE);
  }

  public VariantSearch withOptions(Map<String, String> o) {
    return edit(b -> b.options = new TreeMap<>(o));
  }

  public VariantSearch withCrashes(int n) {
    return edit(b -> b.crashes = n);
  }

  /** Sets the model bounds (under-approximations; 0 leaves one off). */
  public VariantSearch withBounds(int timerRepeats, int inFlightPerLink, int timerFires) {
    return edit(
        b -> {
          b.maxTimerRepeats = timerRepeats;
          b.maxInFlightPerLink = inFlightPerLink;
          b.maxTimerFires = timerFires;
        });
  }

  /** The search reports {@code p}, not the variant's own {@code violates}. */
  public VariantSearch reporting(String p) {
    return edit(b -> b.property = p);
  }

  /** Pins the number of states the variant's search visits. */
  public VariantSearch visiting(long states) {
    return edit(b -> b.uniqueStates = states);
  }

  /** Too slow for the default suite (see {@link VariantSearch}). */
  public VariantSearch markedCostly() {
    return edit(b -> b.costly = true);
  }

  /** Sets the search's time model (see {@link Clock}). */
  public VariantSearch withClock(Clock c) {
    return edit(b -> b.clock = c);
  }

  /**
   * A staged search: BFS (after the stages already declared) to the first state where {@code
   * reached} holds, then the search proper from there, {@code steps} counted from that state.
   */
  public VariantSearch from(String goal, Predicate<SystemView> reached) {
    return edit(b -> b.starts.add(new Start(goal, reached)));
  }

  /** A copy with {@code change} applied: each wither changes its own fields only. */
  private VariantSearch edit(java.util.function.Consumer<Editable> change) {
    Editable b = new Editable(this);
    change.accept(b);
    return b.build();
  }

  /** The record's components, mutable, for {@link #edit}. */
  private static final class Editable {
    final int servers;
    final List<List<ClientOp>> workload;
    SortedMap<String, String> options;
    int crashes;
    int maxTimerRepeats;
    int maxInFlightPerLink;
    int maxTimerFires;
    String property;
    final int steps;
    long uniqueStates;
    boolean costly;
    final List<Start> starts;
    Clock clock;

    Editable(VariantSearch s) {
      servers = s.servers;
      workload = s.workload;
      options = s.options;
      crashes = s.crashes;
      maxTimerRepeats = s.maxTimerRepeats;
      maxInFlightPerLink = s.maxInFlightPerLink;
      maxTimerFires = s.maxTimerFires;
      property = s.property;
      steps = s.steps;
      uniqueStates = s.uniqueStates;
      costly = s.costly;
      starts = new java.util.ArrayList<>(s.starts);
      clock = s.clock;
    }

    VariantSearch build() {
      return new VariantSearch(
          servers,
          workload,
          options,
          crashes,
          maxTimerRepeats,
          maxInFlightPerLink,
          maxTimerFires,
          property,
          steps,
          uniqueStates,
          costly,
          starts,
          clock);
    }
  }

  /** Whether any model bound is on (its paths are then replayed in the full model). */
  public boolean bounded() {
    return maxTimerRepeats > 0 || maxInFlightPerLink > 0 || maxTimerFires > 0;
  }
}
