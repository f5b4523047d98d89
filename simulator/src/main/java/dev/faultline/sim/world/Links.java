package dev.faultline.sim.world;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which directed links are cut: partitions, isolations, single blocked links, and the nodes an
 * isolate-after holds off the network (those stay cut through heals until their own end or
 * stabilize). Every change is traced as the full set of cut links.
 */
final class Links {
  private final WorldState w;
  private final boolean[][] blocked;
  // Nodes an isolate-after holds cut off now (their links stay cut when another one's ends).
  private boolean[] isolatedAfter;

  Links(WorldState w) {
    this.w = w;
    this.blocked = new boolean[w.size()][w.size()];
  }

  /** Whether the link from -> to is cut now. */
  boolean cut(int from, int to) {
    return blocked[from][to];
  }

  /** Replaces every cut with one between each pair of groups (both directions). */
  void partition(List<Set<NodeId>> groups) {
    clearBlocked();
    for (int a = 0; a < groups.size(); a++) {
      for (int b = 0; b < groups.size(); b++) {
        if (a == b) {
          continue;
        }
        for (NodeId x : groups.get(a)) {
          for (NodeId y : groups.get(b)) {
            blocked[w.indexOf(x)][w.indexOf(y)] = true;
          }
        }
      }
    }
    emitPartition("partition " + describeGroups(groups));
  }

  /** Cuts every link of node i, both ways; with keepClients, not those to client nodes. */
  void cutOff(int i, boolean keepClients) {
    for (int j = 0; j < w.size(); j++) {
      if (j != i && !(keepClients && w.client[j])) {
        blocked[i][j] = true;
        blocked[j][i] = true;
      }
    }
  }

  /**
   * Cuts or reopens one directed link. A link of a node an isolate-after holds stays cut: that node
   * is offline until its own end (or stabilize), so another fault's unblock (a one-way episode
   * ending, a block-after's timer) does not bring half of it back.
   */
  void block(int from, int to, boolean cut) {
    blocked[from][to] = cut || heldOff(from) || heldOff(to);
  }

  private boolean heldOff(int i) {
    return isolatedAfter != null && isolatedAfter[i];
  }

  /** An isolate-after: node i stays cut off through heals until {@link #endIsolateAfter}. */
  void isolateAfter(int i) {
    cutOff(i, false);
    emitPartition("isolate-after: " + w.ids[i]);
    if (isolatedAfter == null) {
      isolatedAfter = new boolean[w.size()];
    }
    isolatedAfter[i] = true;
  }

  /**
   * Reconnects a node an isolate-after cut off: only its own links (a global heal would also end
   * other nodes' isolation), and not those to a node another isolate-after still holds.
   */
  void endIsolateAfter(int i) {
    if (!isolatedAfter[i]) {
      return; // stabilize ended it already
    }
    isolatedAfter[i] = false;
    for (int j = 0; j < w.size(); j++) {
      if (j != i && !isolatedAfter[j]) {
        blocked[i][j] = false;
        blocked[j][i] = false;
      }
    }
    emitPartition("isolate-after ends: " + w.ids[i]);
  }

  /** Whether any directed link is cut now. */
  boolean anyBlocked() {
    for (boolean[] row : blocked) {
      for (boolean b : row) {
        if (b) {
          return true;
        }
      }
    }
    return false;
  }

  void clearBlocked() {
    for (boolean[] row : blocked) {
      Arrays.fill(row, false);
    }
    // A node an isolate-after cut off stays off the network for its whole duration: a heal or a
    // new partition of other faults does not bring it back (only its own end, or stabilize).
    if (isolatedAfter != null) {
      for (int i = 0; i < w.size(); i++) {
        if (isolatedAfter[i]) {
          cutOff(i, false);
        }
      }
    }
  }

  void emitPartition(String description) {
    if (!w.traced()) {
      return;
    }
    List<TraceEvent.Link> links = new ArrayList<>();
    for (int a = 0; a < w.size(); a++) {
      for (int b = 0; b < w.size(); b++) {
        if (blocked[a][b]) {
          links.add(new TraceEvent.Link(w.ids[a], w.ids[b]));
        }
      }
    }
    w.emit(new TraceEvent.Partition(w.now, List.copyOf(links), description));
  }

  /**
   * "[[s1], [s2, s3]]" with each group in NodeId order. Never the sets' own toString: Set.of
   * iterates in an order salted per JVM run, which would make the same seed write different bytes
   * in different JVMs (a same-JVM run-twice test cannot see that).
   */
  private static String describeGroups(List<Set<NodeId>> groups) {
    List<String> parts = new ArrayList<>(groups.size());
    for (Set<NodeId> g : groups) {
      parts.add(new TreeSet<>(g).toString());
    }
    return parts.toString();
  }

  /** The end of the fault period: every link back, isolate-afters included. */
  void stabilize() {
    if (isolatedAfter != null) {
      Arrays.fill(isolatedAfter, false); // the fault period's end ends these too
    }
    clearBlocked();
    emitPartition("heal (stabilize)");
  }
}
