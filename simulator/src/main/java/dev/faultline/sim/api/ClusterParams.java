package dev.faultline.sim.api;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a scenario asks of a protocol: cluster size, the bug variant (null for the correct
 * protocol), each client's operations in order, and protocol options (e.g. preVote=false,
 * reads=readIndex). Options are strings so scenario files can carry them verbatim; a protocol
 * rejects options it does not know, naming them.
 */
public record ClusterParams(
    int servers, String variant, List<List<ClientOp>> workload, SortedMap<String, String> options) {

  public ClusterParams {
    if (servers < 1) {
      throw new IllegalArgumentException("servers must be >= 1, was " + servers);
    }
    workload = List.copyOf(workload.stream().map(List::copyOf).toList());
    options = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(options));
  }

  public int clients() {
    return workload.size();
  }

  public String option(String name, String defaultValue) {
    return options.getOrDefault(name, defaultValue);
  }

  public static ClusterParams of(int servers, List<List<ClientOp>> workload) {
    return new ClusterParams(servers, null, workload, new java.util.TreeMap<>(Map.of()));
  }
}
