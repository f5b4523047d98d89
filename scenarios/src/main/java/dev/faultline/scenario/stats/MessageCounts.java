package dev.faultline.scenario.stats;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts the messages a run sends, by message type (its record's simple name, as the trace names
 * it), and which of them travel between servers: a node that records client history is a client,
 * every other node a server (Maelstrom's "servers" message count, the protocol's own cost).
 */
public final class MessageCounts implements TraceSink {
  private final SortedMap<String, long[]> byType = new TreeMap<>();
  private final SortedMap<NodeId, SortedMap<NodeId, long[]>> byLink = new TreeMap<>();
  private final SortedSet<NodeId> clients = new TreeSet<>();

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void accept(TraceEvent event) {
    if (event instanceof TraceEvent.Send s) {
      byType.computeIfAbsent(s.message().getClass().getSimpleName(), k -> new long[1])[0]++;
      byLink.computeIfAbsent(s.from(), k -> new TreeMap<>())
          .computeIfAbsent(s.to(), k -> new long[1])[0]++;
    } else if (event instanceof TraceEvent.History h) {
      clients.add(h.node());
    }
  }

  /** What was counted, as an immutable value. */
  public RunStats.Messages snapshot() {
    return new RunStats.Messages(total(), betweenServers(), byType());
  }

  /** Messages sent, by type, in type-name order. */
  public SortedMap<String, Long> byType() {
    SortedMap<String, Long> out = new TreeMap<>();
    byType.forEach((k, v) -> out.put(k, v[0]));
    return Collections.unmodifiableSortedMap(out);
  }

  public long total() {
    long n = 0;
    for (long[] c : byType.values()) {
      n += c[0];
    }
    return n;
  }

  /** Messages whose sender and receiver are both servers (neither records client history). */
  public long betweenServers() {
    long n = 0;
    for (var from : byLink.entrySet()) {
      if (clients.contains(from.getKey())) {
        continue;
      }
      for (var to : from.getValue().entrySet()) {
        n += clients.contains(to.getKey()) ? 0 : to.getValue()[0];
      }
    }
    return n;
  }
}
