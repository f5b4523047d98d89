package dev.faultline.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The periods in which a node's clock broke its promise (a {@code clock} event with {@code
 * withinBound: false}, until one that is within bound again, or the end of the trace). The page
 * states each in its header and tints the node's lane for the period: in it the node's [lower,
 * upper] readings may not contain true time, so leases and timeouts built on them prove nothing.
 */
final class ClockBounds {
  /** One period: node, first tick, last tick (-1: to the end), largest error seen in it. */
  record Period(String node, long fromTick, long untilTick, long errorTicks) {}

  private final List<Period> closed = new ArrayList<>();
  private final TreeMap<String, Period> open = new TreeMap<>();

  /** A clock change of {@code node} at {@code tick}; {@code within}: it keeps its promise. */
  void change(String node, long tick, boolean within, long errorTicks) {
    Period p = open.get(node);
    if (!within) {
      open.put(
          node,
          p == null
              ? new Period(node, tick, -1, errorTicks)
              : new Period(node, p.fromTick(), -1, Math.max(p.errorTicks(), errorTicks)));
    } else if (p != null) {
      open.remove(node);
      closed.add(new Period(node, p.fromTick(), tick, p.errorTicks()));
    }
  }

  /** Every period, closed ones in the order they closed, then those open at the end by node. */
  List<Period> periods() {
    List<Period> all = new ArrayList<>(closed);
    all.addAll(open.values());
    return all;
  }

  /** Writes the periods as {@code [{node, fromTick, untilTick (null: to the end), errorTicks}]}. */
  void writeTo(ArrayNode out) {
    for (Period p : periods()) {
      ObjectNode o = out.addObject();
      o.put("node", p.node());
      o.put("fromTick", p.fromTick());
      if (p.untilTick() >= 0) {
        o.put("untilTick", p.untilTick());
      } else {
        o.putNull("untilTick");
      }
      o.put("errorTicks", p.errorTicks());
    }
  }
}
