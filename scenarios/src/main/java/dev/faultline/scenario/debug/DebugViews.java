package dev.faultline.scenario.debug;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.SearchState;
import dev.faultline.sim.explore.Stepper;
import java.util.List;

/**
 * The parts of the debugger's view, each with the ids of the enabled actions that belong to it: a
 * node's crash, restart, isolate and timer fires; a message's deliver and drop; the links' blocks
 * and heal. An action id is its index in the state's enabled list (the page sends it back).
 */
final class DebugViews {
  private DebugViews() {}

  static void nodes(
      ArrayNode out,
      Stepper stepper,
      SearchState s,
      SearchState previous,
      List<ExploreAction> enabled) {
    for (NodeId id : stepper.nodes()) {
      ObjectNode n = out.addObject();
      n.put("name", id.name());
      n.put("up", stepper.isUp(s, id));
      n.set("state", DebugSession.stateTree(stepper.state(s, id)));
      if (previous != null) {
        n.set("previous", DebugSession.stateTree(stepper.state(previous, id)));
      }
      putId(n, "crash", enabled, new ExploreAction.Crash(id));
      putId(n, "restart", enabled, new ExploreAction.Restart(id));
      putId(n, "isolate", enabled, new ExploreAction.Isolate(id));
      ArrayNode timers = n.putArray("timers");
      for (Stepper.PendingTimerView t : stepper.timers(s, id)) {
        ObjectNode o = timers.addObject();
        o.set("timer", DebugSession.tree(t.timer()));
        o.put("minTicks", t.minTicks());
        o.put("maxTicks", t.maxTicks());
        putId(o, "fire", enabled, new ExploreAction.FireTimer(id, t.timer()));
      }
    }
  }

  static void messages(ArrayNode out, Stepper stepper, SearchState s, List<ExploreAction> enabled) {
    for (Stepper.InFlight m : stepper.inFlight(s)) {
      ObjectNode o = out.addObject();
      o.put("from", m.from().name());
      o.put("to", m.to().name());
      o.put("type", m.message().getClass().getSimpleName());
      o.set("message", DebugSession.tree(m.message()));
      putId(o, "deliver", enabled, new ExploreAction.Deliver(m.from(), m.to(), m.message()));
      putId(o, "drop", enabled, new ExploreAction.Drop(m.from(), m.to(), m.message()));
    }
  }

  static void links(ObjectNode v, Stepper stepper, SearchState s, List<ExploreAction> enabled) {
    ArrayNode blocked = v.putArray("blocked");
    stepper.blockedLinks(s).forEach(blocked::add);
    putId(v, "heal", enabled, new ExploreAction.Heal());
    ArrayNode blocks = v.putArray("blocks");
    ArrayNode clock = v.putArray("clock");
    for (int id = 0; id < enabled.size(); id++) {
      if (enabled.get(id) instanceof ExploreAction.Block b) {
        blocks.addObject().put("from", b.from().name()).put("to", b.to().name()).put("id", id);
      } else if (enabled.get(id) instanceof ExploreAction.ClockStep c) {
        clock.addObject().put("ticks", c.ticks()).put("id", id);
      }
    }
  }

  /** Puts the id of {@code action} among the enabled ones under {@code field}, or null. */
  private static void putId(
      ObjectNode o, String field, List<ExploreAction> enabled, ExploreAction action) {
    int id = enabled.indexOf(action);
    if (id >= 0) {
      o.put(field, id);
    } else {
      o.putNull(field);
    }
  }
}
