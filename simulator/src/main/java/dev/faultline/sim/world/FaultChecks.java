package dev.faultline.sim.world;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.network.Configs;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a fault before it is scheduled, naming the scenario field at fault: unknown nodes, a node
 * in two partition groups, out-of-range clock values, missing roles or annotation keys, counts.
 */
final class FaultChecks {
  private final WorldState w;

  FaultChecks(WorldState w) {
    this.w = w;
  }

  void validate(Fault f) {
    switch (f) {
      case Fault.Partition p -> checkGroups(p);
      case Fault.Isolate iso -> w.indexOf("isolate.node", iso.node());
      case Fault.BlockLink b -> {
        w.indexOf("block.from", b.from());
        w.indexOf("block.to", b.to());
      }
      case Fault.UnblockLink b -> {
        w.indexOf("unblock.from", b.from());
        w.indexOf("unblock.to", b.to());
      }
      case Fault.Crash c -> w.indexOf("crash.node", c.node());
      case Fault.Restart r -> w.indexOf("restart.node", r.node());
      case Fault.ClockSkew s -> checkSkew(s);
      case Fault.ClockDrift d -> checkDrift(d);
      case Fault.HoldMessages h -> {
        optionalIndexOf("hold.from", h.from());
        optionalIndexOf("hold.to", h.to());
        Configs.requireAtLeast("hold.count", h.count(), 1);
        Configs.requireAtLeast("hold.holdTicks", h.holdTicks(), 0);
      }
      case Fault.DropMessages d -> {
        optionalIndexOf("drop.from", d.from());
        optionalIndexOf("drop.to", d.to());
        Configs.requireAtLeast("drop.count", d.count(), 1);
      }
      case Fault.CrashRole c -> requireRole("crash-role.role", c.role());
      case Fault.IsolateRole iso -> requireRole("isolate-role.role", iso.role());
      case Fault.RebootAfterAnnotation r -> {
        requireKey("reboot-after.key", r.key());
        Configs.requireAtLeast("reboot-after.downTicks", r.downTicks(), 0);
      }
      case Fault.IsolateAfterAnnotation r -> {
        requireKey("isolate-after.key", r.key());
        Configs.requireAtLeast("isolate-after.isolateTicks", r.isolateTicks(), 1);
      }
      case Fault.BlockAfterAnnotation b -> {
        requireKey("block-after.key", b.key());
        w.indexOf("block-after.to", b.to());
        Configs.requireAtLeast("block-after.blockTicks", b.blockTicks(), 1);
      }
      case Fault.SetNetwork s -> Objects.requireNonNull(s.network(), "network.network");
      case Fault.Heal h -> {}
      case Fault.RestartLastCrashed r -> {}
      case Fault.StabilizeAll s -> {}
    }
  }

  private void checkGroups(Fault.Partition p) {
    TreeSet<NodeId> seen = new TreeSet<>();
    for (Set<NodeId> g : p.groups()) {
      for (NodeId id : g) {
        w.indexOf("partition.groups", id);
        if (!seen.add(id)) {
          throw new IllegalArgumentException(
              "partition.groups: node '" + id + "' is in more than one group");
        }
      }
    }
  }

  private void checkSkew(Fault.ClockSkew s) {
    w.indexOf("skew.node", s.node());
    if (Math.abs(s.offsetTicks()) > Clocks.MAX_CLOCK_ERROR_TICKS) {
      throw new IllegalArgumentException(
          "skew.offsetTicks must be within +-"
              + Clocks.MAX_CLOCK_ERROR_TICKS
              + ", was "
              + s.offsetTicks());
    }
  }

  private void checkDrift(Fault.ClockDrift d) {
    w.indexOf("drift.node", d.node());
    if (d.driftPpm() <= -1_000_000 || d.driftPpm() > Clocks.MAX_DRIFT_PPM) {
      throw new IllegalArgumentException(
          "drift.driftPpm must be in (-1000000, "
              + Clocks.MAX_DRIFT_PPM
              + "] (a clock cannot stop or run backwards), was "
              + d.driftPpm());
    }
  }

  private void optionalIndexOf(String field, NodeId id) {
    if (id != null) {
      w.indexOf(field, id);
    }
  }

  private static void requireRole(String field, String role) {
    if (role == null || role.isBlank()) {
      throw new IllegalArgumentException(field + ": role is missing");
    }
  }

  private static void requireKey(String field, String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(field + ": annotation key is missing");
    }
  }
}
