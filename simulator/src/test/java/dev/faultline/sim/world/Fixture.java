package dev.faultline.sim.world;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/** Builds small Ping clusters and worlds for the kernel tests. */
public final class Fixture {
  public static final NodeId S1 = NodeId.of("s1");
  public static final NodeId S2 = NodeId.of("s2");
  public static final NodeId S3 = NodeId.of("s3");

  private Fixture() {}

  public static List<NodeId> ids(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> NodeId.of("s" + i)).toList();
  }

  /** n Ping nodes beating every {@code periodTicks}, persisting pong counts if asked. */
  public static Cluster pings(int n, long periodTicks, boolean persist, Invariant... invariants) {
    return cluster(new Ping(ids(n), periodTicks, persist, false), n, invariants);
  }

  public static Cluster cluster(Protocol<?, ?, ?> protocol, int n, Invariant... invariants) {
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    for (NodeId id : ids(n)) {
      nodes.put(id, protocol);
    }
    return new Cluster(nodes, ids(n), List.of(), List.of(invariants));
  }

  public static Ping.State state(World w, NodeId id) {
    return w.stateAs(id, Ping.State.class);
  }

  /** Messages of one kind on one link, as "kind msgId" strings, from an in-memory trace. */
  public static <E extends TraceEvent> List<E> on(
      InMemoryTrace t, Class<E> type, java.util.function.Predicate<E> filter) {
    return t.ofType(type).stream().filter(filter).toList();
  }

  public static WorldConfig config(long seed, NetworkConfig net, long maxTicks) {
    return new WorldConfig(seed, net, ClockConfig.DEFAULT, maxTicks, 10_000_000);
  }

  public static NetworkConfig fixedLatency(long ticks) {
    return new NetworkConfig(new Latency.Fixed(ticks), 0, 0, 0, 0, 0, 0, 0);
  }
}
