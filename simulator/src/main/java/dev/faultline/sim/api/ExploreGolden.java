package dev.faultline.sim.api;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A small exhaustive search a protocol pins as a regression guard: breadth-first from the initial
 * state to {@code maxDepth} with {@code servers} servers, {@code clients} clients doing {@code
 * opsPerClient} operations of the explorer's fixed workload, the given {@code options}, no faults,
 * must visit exactly {@code uniqueStates} distinct states. Any change to the protocol's state,
 * messages or timers, or to the explorer's model, moves it; update it deliberately.
 */
public record ExploreGolden(
    int servers,
    int clients,
    int opsPerClient,
    int maxDepth,
    SortedMap<String, String> options,
    long uniqueStates) {
  public ExploreGolden {
    options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
  }
}
