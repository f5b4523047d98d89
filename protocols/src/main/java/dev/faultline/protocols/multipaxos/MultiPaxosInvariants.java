package dev.faultline.protocols.multipaxos;

import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The PMMC invariants, checked after every event by one shared {@link Observer} that reads only
 * what the stepping node changed (its ghost lists), plus a full read of a node whose state object
 * is new (boot, restart). Properties about changes over time (A1, A3, R4, DecidedByMajority,
 * ExecutedPrefix) need the observer's memory of earlier events: under the explorer every state gets
 * fresh invariants primed with its parent only, so they judge the last step, and DecidedByMajority,
 * which cannot see votes replaced before the parent, counts an acceptor holding the command in any
 * ballot there (weaker, and never a false alarm on a correct run).
 *
 * <ul>
 *   <li>Agreement: one command per slot among decisions, everywhere and over the whole run.
 *   <li>DecidedByMajority: a decided command was accepted by a majority in one ballot.
 *   <li>A1: an acceptor's promise never goes down (across restarts too).
 *   <li>A3: an accepted pvalue is never removed or replaced by a lower ballot, except below the
 *       acceptor's garbage-collection floor.
 *   <li>A4: one command per (ballot, slot) among all acceptances.
 *   <li>ExecutedPrefix: replicas' executed logs are prefixes of one another.
 *   <li>R4: slot_out never goes down (per incarnation: a restarted replica re-learns).
 *   <li>R5: slot_in &lt;= slot_out + WINDOW (a replica proposes only inside the window).
 *   <li>RequestsKept: a replica never forgets a request it took until it has run: the request is
 *       queued, proposed, or in the session table (a restart forgets legitimately).
 *   <li>HolesFilled: when a leader is adopted, every slot from where it may propose up to its
 *       highest proposal has a proposal (a no-op at worst) or a decision.
 *   <li>VotesCounted: every acceptor a leader counts toward a quorum is a server that gave that
 *       vote: a scout's acceptors promised its ballot or higher, a commander's acceptors hold a
 *       pvalue of its slot at its ballot or higher (or dropped the slot below their floor).
 * </ul>
 */
public final class MultiPaxosInvariants {
  private MultiPaxosInvariants() {}

  public static final List<String> NAMES =
      List.of(
          "Agreement",
          "DecidedByMajority",
          "A1",
          "A3",
          "A4",
          "ExecutedPrefix",
          "R4",
          "R5",
          "RequestsKept",
          "HolesFilled",
          "VotesCounted");

  public static List<Invariant> fresh(MultiPaxosConfig config) {
    Observer o = new Observer(config);
    return NAMES.stream().map(n -> (Invariant) new Named(n, o)).toList();
  }

  /**
   * The properties whose verdict uses the observer's memory of the event before (a promise or
   * pvalue lowered, slot_out going down, a decision or request forgotten): the explorer checks them
   * on steps into seen states too ({@link Invariant#judgesTransitions}).
   */
  static final Set<String> OVER_STEPS =
      Set.of("Agreement", "DecidedByMajority", "A1", "A3", "ExecutedPrefix", "R4", "RequestsKept");

  private record Named(String name, Observer observer) implements Invariant {
    @Override
    public String check(SystemView view) {
      observer.update(view);
      return observer.violations.get(name);
    }

    @Override
    public boolean judgesTransitions() {
      return OVER_STEPS.contains(name);
    }
  }

  private record SlotCommand(long slot, Command command) {}

  private record BallotSlot(Ballot ballot, long slot) {}

  /** Memory of the run so far; {@link #update} digests each node's changes once. */
  static final class Observer {
    private final MultiPaxosConfig config;
    final TreeMap<String, String> violations = new TreeMap<>();
    // By position in config.servers(): read for every server after every event, where TreeMaps
    // keyed by NodeId were a third of a fuzz seed's CPU.
    private final MultiPaxosState[] lastState;
    private final long[] lastEvents;
    private List<NodeId> positionsOf;
    private int[] positions;
    private final TreeMap<NodeId, Ballot> lastPromise = new TreeMap<>();
    private final TreeMap<NodeId, TreeMap<Long, Ballot>> lastAccepted = new TreeMap<>();
    private final TreeMap<NodeId, Long> lastSlotOut = new TreeMap<>();
    private final TreeMap<NodeId, List<Command>> taken = new TreeMap<>();
    // Lookup-only maps (never iterated), so hash order cannot leak.
    private final HashMap<Long, Command> chosen = new HashMap<>();
    private final HashMap<PValue, TreeSet<NodeId>> voters = new HashMap<>();
    private final HashMap<SlotCommand, List<TreeSet<NodeId>>> voterSets = new HashMap<>();

    /** Configuration commands among the decisions, by slot (iterated: a TreeMap). */
    private final TreeMap<Long, Command> configCommands = new TreeMap<>();

    private final HashMap<BallotSlot, Command> ballotSlot = new HashMap<>();
    private final HashMap<Long, Command> executedAt = new HashMap<>();
    private boolean primed;

    // The first view this observer saw came after more than one event (the explorer primes a fresh
    // observer with the parent state only): votes replaced by a higher ballot before that view are
    // unknown to it, so DecidedByMajority counts an acceptor holding the command in any ballot.
    private boolean partialMemory;

    Observer(MultiPaxosConfig config) {
      this.config = config;
      this.lastState = new MultiPaxosState[config.servers().size()];
      this.lastEvents = new long[config.servers().size()];
    }

    void update(SystemView view) {
      List<NodeId> servers = config.servers();
      if (!primed) {
        partialMemory = eventsSoFar(view, servers) > 1;
      }
      int[] at = positions(view);
      for (int k = 0; k < servers.size(); k++) {
        NodeId id = servers.get(k);
        MultiPaxosState s =
            at[k] >= 0 && view.stateAt(at[k]) instanceof MultiPaxosState live ? live : null;
        if (s == null) {
          if (lastState[k] != null) {
            lastState[k] = null;
            wentDown(id, view);
          }
          continue;
        }
        if (lastState[k] != s) {
          readWhole(id, s);
          checkVotes(view, s);
        } else if (lastEvents[k] != s.events) {
          readChanges(id, s);
          checkVotes(view, s);
        }
        lastState[k] = s;
        lastEvents[k] = s.events;
      }
      primed = true;
    }

    /**
     * The servers' positions in {@code view.nodes()}, found once per node list: {@link #update}
     * runs once per property after every event, and looking the servers up by id there was a
     * quarter of a 1,000-op fuzz seed's CPU.
     */
    private int[] positions(SystemView view) {
      List<NodeId> nodes = view.nodes();
      if (nodes != positionsOf) {
        positionsOf = nodes;
        positions = config.servers().stream().mapToInt(nodes::indexOf).toArray();
      }
      return positions;
    }

    private static long eventsSoFar(SystemView view, List<NodeId> servers) {
      long total = 0;
      for (NodeId id : servers) {
        MultiPaxosState s = view.stateAs(id, MultiPaxosState.class);
        total += s == null ? 0 : s.events;
      }
      return total;
    }

    /**
     * A node crashed in this step, maybe inside the event it was handling (a fault aimed at an
     * annotation), so its last event's changes cannot be read: take the acceptances from its
     * storage, where an acceptor puts them before any reply (a leader of a one-acceptor
     * configuration accepts and decides in one event, and others learn that decision).
     */
    private void wentDown(NodeId id, SystemView view) {
      if (view.durable(id) instanceof MultiPaxosDurable d) {
        TreeMap<Long, Ballot> mine = lastAccepted.get(id);
        for (PValue pv : d.accepted().values()) {
          if (!pv.ballot().equals(mine.get(pv.slot()))) {
            accepted(id, pv);
          }
        }
      }
    }

    /** A node seen for the first time, or a new incarnation. */
    private void readWhole(NodeId id, MultiPaxosState s) {
      checkPromise(id, s);
      TreeMap<Long, Ballot> before = lastAccepted.getOrDefault(id, new TreeMap<>());
      for (Map.Entry<Long, Ballot> e : before.tailMap(s.acceptorFloor).entrySet()) {
        PValue now = s.accepted.get(e.getKey());
        if (now == null || e.getValue().greaterThan(now.ballot())) {
          fail(
              "A3",
              id
                  + " lost its accepted pvalue of slot "
                  + e.getKey()
                  + " (ballot "
                  + e.getValue()
                  + "), now "
                  + (now == null ? "none" : now.ballot()));
        }
      }
      TreeMap<Long, Ballot> mine = new TreeMap<>();
      lastAccepted.put(id, mine);
      for (PValue pv : s.accepted.values()) {
        accepted(id, pv);
      }
      for (Map.Entry<Long, Command> e : s.decisions.entrySet()) {
        decided(id, e.getKey(), e.getValue(), primed);
      }
      lastSlotOut.put(id, s.slotOut);
      taken.put(id, new java.util.ArrayList<>());
      checkWindow(id, s);
    }

    private void readChanges(NodeId id, MultiPaxosState s) {
      checkPromise(id, s);
      TreeMap<Long, Ballot> mine = lastAccepted.get(id);
      if (!mine.isEmpty() && mine.firstKey() < s.acceptorFloor) {
        mine.headMap(s.acceptorFloor).clear();
      }
      if (s.accepted.size() < mine.size()) {
        fail(
            "A3",
            id
                + " holds "
                + s.accepted.size()
                + " accepted pvalues at or above its floor "
                + s.acceptorFloor
                + ", had "
                + mine.size());
      }
      for (PValue pv : s.acceptedNow) {
        accepted(id, pv);
      }
      for (Map.Entry<Long, Command> e : s.decidedNow) {
        decided(id, e.getKey(), e.getValue(), true);
      }
      for (Map.Entry<Long, Command> e : s.executedNow) {
        executed(id, e.getKey(), e.getValue());
      }
      long before = lastSlotOut.get(id);
      if (s.slotOut < before) {
        fail("R4", id + " slot_out went from " + before + " to " + s.slotOut);
      }
      lastSlotOut.put(id, s.slotOut);
      checkWindow(id, s);
      checkRequestsKept(id, s);
      if (s.adoptedNow) {
        checkHolesFilled(id, s);
      }
    }

    private void checkRequestsKept(NodeId id, MultiPaxosState s) {
      List<Command> mine = taken.get(id);
      mine.addAll(s.takenNow);
      for (Map.Entry<Long, Command> e : s.executedNow) {
        mine.removeIf(c -> c.sameRequest(e.getValue()));
      }
      mine.removeIf(c -> s.sessions.alreadyExecuted(c.client().name(), c.seq()));
      for (Command c : mine) {
        if (!s.holds(c)) {
          fail("RequestsKept", id + " took " + c + " and dropped it before it ran");
        }
      }
    }

    private void checkHolesFilled(NodeId id, MultiPaxosState s) {
      long from = Math.max(s.slotOut, s.leaderFloor);
      long top = s.leaderProposals.isEmpty() ? 0 : s.leaderProposals.lastKey();
      for (long slot = from; slot < top; slot++) {
        if (!s.leaderProposals.containsKey(slot) && !s.decisions.containsKey(slot)) {
          fail(
              "HolesFilled",
              id
                  + " was adopted with ballot "
                  + s.ballot
                  + " and left slot "
                  + slot
                  + " empty below its proposal for slot "
                  + top);
          return;
        }
      }
    }

    /** VotesCounted for the leader at {@code s}: every vote it counted was given by that id. */
    private void checkVotes(SystemView view, MultiPaxosState s) {
      if (s.role == MultiPaxosRole.SCOUTING) {
        for (NodeId a : s.scoutAcks) {
          Acceptor acc = acceptor(view, a);
          if (acc == null || s.ballot.greaterThan(acc.promised())) {
            failVote(s, a, "a promise for ballot " + s.ballot);
            return;
          }
        }
      }
      if (s.role != MultiPaxosRole.LEADER) {
        return;
      }
      for (Map.Entry<Long, TreeSet<NodeId>> e : s.commanders.entrySet()) {
        for (NodeId a : e.getValue()) {
          Acceptor acc = acceptor(view, a);
          PValue pv = acc == null ? null : acc.accepted().get(e.getKey());
          boolean collected = acc != null && e.getKey() < acc.floor();
          if (!collected && (pv == null || s.ballot.greaterThan(pv.ballot()))) {
            failVote(s, a, "an acceptance of slot " + e.getKey() + " at ballot " + s.ballot);
            return;
          }
        }
      }
    }

    private void failVote(MultiPaxosState s, NodeId a, String what) {
      fail(
          "VotesCounted",
          s.self + " counted " + a + " for " + what + ", which " + a + " never gave");
    }

    /** What acceptor {@code id} holds (live state, or its storage while down); null: no server. */
    private Acceptor acceptor(SystemView view, NodeId id) {
      if (!config.servers().contains(id)) {
        return null;
      }
      MultiPaxosState live = view.stateAs(id, MultiPaxosState.class);
      if (live != null) {
        return new Acceptor(live.promised, live.accepted, live.acceptorFloor);
      }
      if (view.durable(id) instanceof MultiPaxosDurable d) {
        return new Acceptor(d.promised(), d.accepted(), d.floor());
      }
      return new Acceptor(Ballot.BOTTOM, Map.of(), 1);
    }

    private record Acceptor(Ballot promised, Map<Long, PValue> accepted, long floor) {}

    private void checkPromise(NodeId id, MultiPaxosState s) {
      Ballot before = lastPromise.get(id);
      if (before != null && before.greaterThan(s.promised)) {
        fail("A1", id + " promised " + before + " earlier, now " + s.promised);
      }
      lastPromise.put(id, s.promised);
    }

    private void checkWindow(NodeId id, MultiPaxosState s) {
      if (s.slotIn > s.slotOut + config.window()) {
        fail(
            "R5",
            id
                + " slot_in "
                + s.slotIn
                + " > slot_out "
                + s.slotOut
                + " + WINDOW "
                + config.window());
      }
    }

    private void accepted(NodeId id, PValue pv) {
      TreeMap<Long, Ballot> mine = lastAccepted.get(id);
      Ballot had = mine.get(pv.slot());
      if (had != null && had.greaterThan(pv.ballot())) {
        fail(
            "A3",
            id
                + " replaced its pvalue of slot "
                + pv.slot()
                + " at ballot "
                + had
                + " by a lower ballot "
                + pv.ballot());
      }
      mine.put(pv.slot(), pv.ballot());
      Command other = ballotSlot.putIfAbsent(new BallotSlot(pv.ballot(), pv.slot()), pv.command());
      if (other != null && !other.equals(pv.command())) {
        fail(
            "A4",
            "ballot "
                + pv.ballot()
                + " slot "
                + pv.slot()
                + ": "
                + id
                + " accepted "
                + pv.command()
                + ", another acceptor accepted "
                + other);
      }
      TreeSet<NodeId> who = voters.get(pv);
      if (who == null) {
        who = new TreeSet<>();
        voters.put(pv, who);
        voterSets
            .computeIfAbsent(new SlotCommand(pv.slot(), pv.command()), k -> new ArrayList<>())
            .add(who);
      }
      who.add(id);
      noteChosenConfig(pv.slot(), pv.command(), who);
    }

    /**
     * A configuration command a majority of its slot's acceptors accepted in one ballot is chosen,
     * whether or not a replica the checker can see has learned it yet: a server may decide it and
     * crash in the same step, and later slots then run under the new configuration.
     */
    private void noteChosenConfig(long slot, Command c, TreeSet<NodeId> who) {
      if (c.isNoop() || !MultiPaxosAdmin.CONFIG.equals(c.f()) || configCommands.containsKey(slot)) {
        return;
      }
      ImmutableSortedSet<NodeId> members = membersAt(slot);
      if (2 * Configs.counted(members, who) > members.size()) {
        configCommands.put(slot, c);
      }
    }

    private void decided(NodeId id, long slot, Command c, boolean checkVotes) {
      Command other = chosen.putIfAbsent(slot, c);
      if (other != null && !other.equals(c)) {
        fail(
            "Agreement",
            "slot " + slot + ": " + id + " learned " + c + ", earlier decided " + other);
      }
      if (!c.isNoop() && MultiPaxosAdmin.CONFIG.equals(c.f())) {
        configCommands.putIfAbsent(slot, c);
      }
      // Votes are counted once, when the slot is first seen decided: later learners of the same
      // command add nothing (the memory of votes only grows), and an observer primed with one
      // parent state (the explorer) holds a decision from before its memory began, whose votes may
      // be gone since (replaced by a higher ballot or below an acceptor's floor).
      if (!checkVotes || other != null) {
        return;
      }
      ImmutableSortedSet<NodeId> members = membersAt(slot);
      int votes = 0;
      List<TreeSet<NodeId>> ballots = voterSets.getOrDefault(new SlotCommand(slot, c), List.of());
      for (TreeSet<NodeId> who : ballots) {
        votes = Math.max(votes, Configs.counted(members, who));
      }
      if (2 * votes <= members.size() && partialMemory) {
        // Sound without the history: in a correct run a higher ballot re-proposes a chosen command,
        // so every acceptor that voted for it still holds it (weaker: never a false alarm).
        TreeSet<NodeId> anyBallot = new TreeSet<>();
        ballots.forEach(anyBallot::addAll);
        votes = Configs.counted(members, anyBallot);
      }
      if (2 * votes <= members.size()) {
        fail(
            "DecidedByMajority",
            id
                + " learned "
                + c
                + " for slot "
                + slot
                + " but at most "
                + votes
                + " of its acceptors "
                + members
                + " accepted it in one ballot");
      }
    }

    /**
     * The acceptors of {@code slot}: the initial configuration, changed by the configuration
     * commands decided below it as replicas run them (each (admin, seq) once, one change pending at
     * a time, effective WINDOW slots later). Every command that can change it was decided before
     * {@code slot} could be: a leader commands a slot only once its replica ran the slots WINDOW
     * below.
     */
    private ImmutableSortedSet<NodeId> membersAt(long slot) {
      TreeMap<Long, ImmutableSortedSet<NodeId>> configs = Configs.initial(config.initialMembers());
      List<Command> ran = new ArrayList<>();
      for (Map.Entry<Long, Command> e : configCommands.headMap(slot).entrySet()) {
        if (ran.stream().noneMatch(r -> r.sameRequest(e.getValue()))) {
          ran.add(e.getValue());
          if (!config.reconfig().isEmpty()) {
            Configs.run(
                configs, e.getKey(), config.window(), Configs.members(e.getValue().value()));
          }
        }
      }
      return Configs.at(configs, slot);
    }

    private void executed(NodeId id, long index, Command c) {
      Command other = executedAt.putIfAbsent(index, c);
      if (other != null && !other.equals(c)) {
        fail(
            "ExecutedPrefix",
            id
                + " executed "
                + c
                + " as command #"
                + (index + 1)
                + " of its log; another replica executed "
                + other);
      }
    }

    private void fail(String property, String message) {
      violations.putIfAbsent(property, message);
    }
  }
}
