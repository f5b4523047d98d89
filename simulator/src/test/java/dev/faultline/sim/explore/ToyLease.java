package dev.faultline.sim.explore;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.api.Timer;
import java.util.List;
import java.util.TreeMap;

/**
 * A toy read lease for the explorer's clock choices: s1 holds a lease that ends at {@link
 * #LEASE_END_TICKS} and serves reads while its clock says the lease holds; s2 takes over (writes a
 * new value) once its clock says the lease has ended ({@code lower >= end}: true time is then past
 * the end). Correct s1 serves only while {@code upper < end} (true time is then before the end).
 * The planted bug L1 serves while {@code upper <= end}: wrong only when the reading's upper bound
 * is exactly the end and true time sits there, a boundary the symmetric model (true time always at
 * the centre of every reading) never produces.
 */
final class ToyLease {
  static final NodeId HOLDER = NodeId.of("s1");
  static final NodeId SUCCESSOR = NodeId.of("s2");
  static final long LEASE_END_TICKS = 100;

  private ToyLease() {}

  sealed interface Msg extends Message {}

  /** The toy sends nothing; a message type is still required. */
  record Unused() implements Msg {}

  sealed interface Tmr extends Timer {}

  /** Holder: serve a read now. Successor: try to take over. */
  record Act() implements Tmr {}

  static final class State implements NodeState<State> {
    long servedAtUpper = -1; // holder: the reading's upper bound at its last read served
    int reads; // holder: reads served, capped at 2 (enough to see one after the write)
    boolean wrote; // successor: wrote the new value

    @Override
    public State copy() {
      State s = new State();
      s.servedAtUpper = servedAtUpper;
      s.reads = reads;
      s.wrote = wrote;
      return s;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, servedAtUpper);
      Fingerprints.put(sink, reads);
      Fingerprints.put(sink, wrote);
    }
  }

  static final class Node implements Protocol<State, Msg, Tmr> {
    private final boolean holder;
    private final boolean buggy;

    Node(boolean holder, boolean buggy) {
      this.holder = holder;
      this.buggy = buggy;
    }

    @Override
    public State init(NodeId self, Durable durable, Effects<Msg, Tmr> out) {
      out.setTimer(new Act(), 1, 1);
      return new State();
    }

    @Override
    public void onMessage(State s, NodeId from, Msg m, Effects<Msg, Tmr> out) {}

    @Override
    public void onTimer(State s, Tmr t, Effects<Msg, Tmr> out) {
      ClockReading c = out.clock();
      if (holder) {
        boolean valid =
            buggy
                ? c.upperTicks() <= LEASE_END_TICKS // L1: no margin at the boundary
                : c.upperTicks() < LEASE_END_TICKS;
        if (valid && s.reads < 2 && s.servedAtUpper != c.upperTicks()) {
          s.servedAtUpper = c.upperTicks();
          s.reads++;
        }
      } else if (c.lowerTicks() >= LEASE_END_TICKS) {
        s.wrote = true;
      }
      if (!s.wrote) {
        out.setTimer(new Act(), 1, 1);
      }
    }
  }

  /**
   * The ghost lease check (the simulator knows true time): s1 serves no read at a true time at or
   * past its lease's end, when s2 may already have written. A transition property: it remembers the
   * reads s1 had served in the state it saw last, so a step that serves is judged at that step's
   * true time.
   */
  static final class NoReadAfterLeaseEnd implements Invariant {
    private int readsBefore = -1;

    @Override
    public String name() {
      return "NoReadAfterLeaseEnd";
    }

    @Override
    public boolean judgesTransitions() {
      return true; // a read served in one step: only the state before it shows that
    }

    @Override
    public String check(SystemView view) {
      State h = view.stateAs(HOLDER, State.class);
      if (h == null) {
        return null;
      }
      boolean served = readsBefore >= 0 && h.reads > readsBefore;
      readsBefore = h.reads;
      return served && view.tick() >= LEASE_END_TICKS
          ? "s1 served a read at true time "
              + view.tick()
              + ", when its lease had ended (at "
              + LEASE_END_TICKS
              + "; its clock read upper bound "
              + h.servedAtUpper
              + ")"
          : null;
    }
  }

  /** s1 and s2; {@code buggy}: variant L1. */
  static Cluster cluster(boolean buggy) {
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    nodes.put(HOLDER, new Node(true, buggy));
    nodes.put(SUCCESSOR, new Node(false, buggy));
    return new Cluster(
        nodes, List.of(HOLDER, SUCCESSOR), List.of(), List.of(new NoReadAfterLeaseEnd()));
  }
}
