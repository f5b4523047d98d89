package dev.faultline.scenario.model;

import dev.faultline.sim.api.ClientOp;
import java.util.List;
import java.util.SortedMap;

/**
 * What the clients do: an explicit per-client script, or a generated workload drawn from the
 * scenario's seed (see {@link WorkloadGenerator}).
 */
public sealed interface Workload {

  /** The concrete operations for {@code clients} clients (scripts are returned as written). */
  List<List<ClientOp>> opsFor(int clients, long seed);

  /** Exact operations: {@code script.get(k)} are client c(k+1)'s operations, in order. */
  record Script(List<List<ClientOp>> script) implements Workload {
    public Script {
      script = List.copyOf(script.stream().map(List::copyOf).toList());
    }

    public List<List<ClientOp>> opsFor(int clients, long seed) {
      return script;
    }

    public int size() {
      return script.stream().mapToInt(List::size).sum();
    }
  }

  /**
   * {@code ops} operations in total over {@code keys} keys (k1..kN), f drawn with the weights in
   * {@code mix} (get/put/append), each client waiting about {@code thinkTicks} between operations.
   */
  record Generated(int ops, int keys, SortedMap<String, Double> mix, long thinkTicks)
      implements Workload {
    public Generated {
      mix = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(mix));
    }

    public List<List<ClientOp>> opsFor(int clients, long seed) {
      return WorkloadGenerator.generate(this, clients, seed);
    }
  }
}
