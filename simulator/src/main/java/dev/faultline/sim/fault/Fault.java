package dev.faultline.sim.fault;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.network.NetworkConfig;
import java.util.List;
import java.util.Set;

/**
 * A fault the world applies at a scheduled tick ({@link FaultSchedule}). Scenario files name them
 * by the lower-case type in {@link #type()}.
 */
public sealed interface Fault {

  String type();

  /**
   * Split the named nodes into groups that cannot reach each other (symmetric). Nodes not named
   * keep their links. Replaces any earlier partition.
   */
  record Partition(List<Set<NodeId>> groups) implements Fault {
    public String type() {
      return "partition";
    }
  }

  /** Cut one node off from everyone, both directions. */
  record Isolate(NodeId node) implements Fault {
    public String type() {
      return "isolate";
    }
  }

  /** Block the directed link from -> to (one-way partition); adds to the blocked set. */
  record BlockLink(NodeId from, NodeId to) implements Fault {
    public String type() {
      return "block";
    }
  }

  /** Unblock one directed link. */
  record UnblockLink(NodeId from, NodeId to) implements Fault {
    public String type() {
      return "unblock";
    }
  }

  /** Remove every partition and blocked link. */
  record Heal() implements Fault {
    public String type() {
      return "heal";
    }
  }

  record Crash(NodeId node) implements Fault {
    public String type() {
      return "crash";
    }
  }

  /** Restart a crashed node; {@code wipeDisk} true restarts it with no durable state. */
  record Restart(NodeId node, boolean wipeDisk) implements Fault {
    public String type() {
      return "restart";
    }
  }

  /**
   * Crash the up node whose latest {@code annotate("role", ...)} value starts with {@code role} as
   * a word (e.g. "leader" matches "leader (won election ...)"), resolved when the fault applies:
   * whoever leads at that moment. Several matches: the first in NodeId order. None: a no-op (the
   * trace says so).
   */
  record CrashRole(String role) implements Fault {
    public String type() {
      return "crash-role";
    }
  }

  /**
   * Isolate (like {@link Isolate}) the up node holding {@code role} now; see {@link CrashRole}.
   * With {@code keepClients} only its links to non-client nodes (servers, infrastructure such as a
   * view server) are cut: clients still reach a leader nobody else hears (a stale primary or leader
   * still taking requests).
   */
  record IsolateRole(String role, boolean keepClients) implements Fault {
    public String type() {
      return "isolate-role";
    }
  }

  /**
   * Restart (disk kept) the node that crashed most recently and is still down; a no-op when every
   * node is up. Pairs with {@link CrashRole}, whose target is unknown when the schedule is written.
   */
  record RestartLastCrashed() implements Fault {
    public String type() {
      return "restart-last";
    }
  }

  /**
   * A fault armed at its tick and fired by a protocol's own state: by the next node that sets its
   * {@code annotate(key, ...)} to a new value in a handler. A key written {@code "key=word"} waits
   * for that key set to a value that starts with that word: {@code "role=leader"} fires when a node
   * becomes leader (its role annotation "leader (won election in term 3)"), not on other roles. The
   * kinds share the firing rules (see the world's {@code AnnotationTriggers}); they differ in what
   * happens to the node.
   */
  sealed interface AfterAnnotation extends Fault
      permits RebootAfterAnnotation, IsolateAfterAnnotation, BlockAfterAnnotation {
    String key();

    /** Whether {@code node} may fire it (every node, but for a fault aimed at links to a node). */
    default boolean firesOn(NodeId node) {
      return true;
    }

    /** What happens to the node that fires it, for the trace ("reboots, down 2 ticks"). */
    String effect();
  }

  /**
   * A state-aware nemesis, armed at its tick and fired by the protocol's own state: the next time
   * an up node sets its {@code annotate(key, ...)} to a new value in a message or timer handler
   * (not while booting), the world crashes that node right after the handler (what it sent is
   * already on the wire) and restarts it, disk kept, {@code downTicks} later. One-shot; several
   * armed ones fire in the order they were armed, one per annotation. Aimed at promises that must
   * survive a reboot: {@code "vote"} (Raft annotates each vote it grants; the convention for Paxos
   * promises and VR view-change votes too), or epochs such as {@code "term"}/{@code "view"}. Never
   * firing (no node annotates the key) is a no-op.
   */
  record RebootAfterAnnotation(String key, long downTicks) implements AfterAnnotation {
    public String type() {
      return "reboot-after";
    }

    @Override
    public String effect() {
      return "reboots, down " + downTicks + " ticks";
    }
  }

  /**
   * Like {@link RebootAfterAnnotation}, but the node goes offline instead of rebooting: the next
   * time an up node sets {@code annotate(key, ...)} to a new value in a handler, the world cuts all
   * its links (both ways) right after that handler, so what it just sent is dropped at delivery and
   * it keeps its memory; {@code isolateTicks} later its links are unblocked (only its own, so other
   * nodes cut off meanwhile stay cut off); heals and partitions of other faults in between leave it
   * cut off (it is offline, not partitioned), stabilize ends it. Aimed at steps that must reach a
   * majority before the sender fails, e.g. Raft's {@code "config-appended"} (a leader that appends
   * a configuration entry and drops off the network). One-shot, fired in arming order; never firing
   * is a no-op.
   */
  record IsolateAfterAnnotation(String key, long isolateTicks) implements AfterAnnotation {
    public String type() {
      return "isolate-after";
    }

    @Override
    public String effect() {
      return "is cut off for " + isolateTicks + " ticks";
    }
  }

  /**
   * Like {@link IsolateAfterAnnotation}, but only the one link from the node to {@code to} is cut
   * (one way): the next time an up node other than {@code to} sets {@code annotate(key, ...)} to a
   * new value in a handler, its messages to {@code to} are dropped at delivery, those it just sent
   * included, for {@code blockTicks}; a heal or a new partition ends it sooner (it is a network
   * cut). Aimed at a broadcast that reaches some nodes and not others: a new VR primary whose
   * STARTVIEW (and heartbeats after it) never reach one replica ({@code "start-view"}), a leader
   * whose configuration entry reaches only part of its followers. One-shot, fired in arming order;
   * never firing is a no-op.
   */
  record BlockAfterAnnotation(String key, NodeId to, long blockTicks) implements AfterAnnotation {
    public String type() {
      return "block-after";
    }

    @Override
    public boolean firesOn(NodeId node) {
      return !node.equals(to);
    }

    @Override
    public String effect() {
      return "loses its link to " + to + " for " + blockTicks + " ticks";
    }
  }

  /** Set a node's clock offset (ticks ahead of true time; negative = behind). */
  record ClockSkew(NodeId node, long offsetTicks) implements Fault {
    public String type() {
      return "skew";
    }
  }

  /** Set a node's clock rate error in parts per million (e.g. 50_000 = 5% fast). */
  record ClockDrift(NodeId node, long driftPpm) implements Fault {
    public String type() {
      return "drift";
    }
  }

  /**
   * Hold the next {@code count} messages on from -> to (null = any node) for {@code holdTicks},
   * then deliver them: stale messages that arrive after the world moved on.
   */
  record HoldMessages(NodeId from, NodeId to, int count, long holdTicks) implements Fault {
    public String type() {
      return "hold";
    }
  }

  /** Drop the next {@code count} messages on from -> to (null = any node). */
  record DropMessages(NodeId from, NodeId to, int count) implements Fault {
    public String type() {
      return "drop";
    }
  }

  /** Replace the network's random fault rates and latency from now on. */
  record SetNetwork(NetworkConfig network) implements Fault {
    public String type() {
      return "network";
    }
  }

  /** The end of the fault period: heal, restart crashed nodes, restore clocks and rates. */
  record StabilizeAll() implements Fault {
    public String type() {
      return "stabilize";
    }
  }
}
