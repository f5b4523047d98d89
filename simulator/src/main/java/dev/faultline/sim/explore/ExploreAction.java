package dev.faultline.sim.explore;

import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Timer;

/**
 * One step the explorer can take from a state: a delivery, a timer firing, or a bounded fault.
 * These are what counterexample files list, in order.
 */
public sealed interface ExploreAction {

  /** Lower-case kind written to counterexample files. */
  String kind();

  /** One line for people: {@code deliver s1->s2 RequestVote[term=1, ...]}. */
  String describe();

  /** Delivers one copy of an in-flight message (it stays in flight if the network duplicates). */
  record Deliver(NodeId from, NodeId to, Message message) implements ExploreAction {
    @Override
    public String kind() {
      return "deliver";
    }

    @Override
    public String describe() {
      return "deliver " + from + "->" + to + " " + message;
    }
  }

  /** Fires a pending timer; allowed when no other timer of the node must fire first. */
  record FireTimer(NodeId node, Timer timer) implements ExploreAction {
    @Override
    public String kind() {
      return "timer";
    }

    @Override
    public String describe() {
      return "timer " + node + " " + timer;
    }
  }

  /** Loses one in-flight message (counts against max-drops). */
  record Drop(NodeId from, NodeId to, Message message) implements ExploreAction {
    @Override
    public String kind() {
      return "drop";
    }

    @Override
    public String describe() {
      return "drop " + from + "->" + to + " " + message;
    }
  }

  /** Crashes a server: volatile state and timers are lost, what it persisted stays. */
  record Crash(NodeId node) implements ExploreAction {
    @Override
    public String kind() {
      return "crash";
    }

    @Override
    public String describe() {
      return "crash " + node;
    }
  }

  /** Reboots a crashed server from what it last persisted. */
  record Restart(NodeId node) implements ExploreAction {
    @Override
    public String kind() {
      return "restart";
    }

    @Override
    public String describe() {
      return "restart " + node;
    }
  }

  /**
   * Cuts every link to and from a server (counts against max-partitions). Messages already in
   * flight across a cut link wait until the heal (stale delivery) unless dropped.
   */
  record Isolate(NodeId node) implements ExploreAction {
    @Override
    public String kind() {
      return "isolate";
    }

    @Override
    public String describe() {
      return "isolate " + node;
    }
  }

  /**
   * Cuts one direction of one link (counts against max-link-cuts): {@code from}'s messages to
   * {@code to} wait (or are dropped) until the heal, while {@code to} can still reach {@code from}.
   * One-way cuts express what an isolation cannot: e.g. an old primary that no longer reaches the
   * view server while its clients still reach it (the schedule behind pb's fast-read bug B2).
   */
  record Block(NodeId from, NodeId to) implements ExploreAction {
    @Override
    public String kind() {
      return "block";
    }

    @Override
    public String describe() {
      return "block " + from + "->" + to;
    }
  }

  /** Restores every link. */
  record Heal() implements ExploreAction {
    @Override
    public String kind() {
      return "heal";
    }

    @Override
    public String describe() {
      return "heal";
    }
  }

  /** Advances logical time (what {@code Effects.clock()} reads) by {@code ticks}. */
  record ClockStep(long ticks) implements ExploreAction {
    @Override
    public String kind() {
      return "clock";
    }

    @Override
    public String describe() {
      return "clock +" + ticks;
    }
  }

  /**
   * Moves where true time lies inside {@code node}'s clock reading: from now on the node reads
   * [time + offset - eps, time + offset + eps] with {@code offsetTicks} one of -eps (true time at
   * the reading's upper bound), 0 (the centre) or +eps (true time at the lower bound). Every such
   * reading keeps the clock's promise (true time inside the interval); the choice is the
   * explorer's, so a counterexample records it and replays it exactly.
   */
  record ClockOffset(NodeId node, long offsetTicks) implements ExploreAction {
    @Override
    public String kind() {
      return "clock-offset";
    }

    @Override
    public String describe() {
      String where = offsetTicks > 0 ? "lower bound" : offsetTicks < 0 ? "upper bound" : "centre";
      return "clock "
          + node
          + " offset "
          + offsetTicks
          + " (true time at its reading's "
          + where
          + ")";
    }
  }
}
