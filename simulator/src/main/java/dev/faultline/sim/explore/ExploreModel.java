package dev.faultline.sim.explore;

import com.google.common.hash.Hasher;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The explored transition system over a {@link Cluster}: the start state (every node booted in
 * {@link NodeId} order), the enabled actions of a state in canonical order, and the successor of a
 * state under an action. It runs the same handlers as the random simulator, copying only the node
 * it steps. Not thread-safe (one reusable effects buffer).
 */
public final class ExploreModel {
  /** Fault bounds that disabled an action somewhere: bit per bound, see {@link #boundsHit}. */
  static final int HIT_CRASHES = 1;

  static final int HIT_DROPS = 2;
  static final int HIT_PARTITIONS = 4;
  static final int HIT_CLOCK = 8;
  static final int HIT_LINK_CUTS = 16;

  /** {@link ExploreBounds#maxTimerRepeats} kept a timer from firing somewhere. */
  static final int HIT_TIMER_REPEATS = 32;

  /** {@link ExploreBounds#maxInFlightPerLink} cut a step somewhere. */
  static final int HIT_IN_FLIGHT_PER_LINK = 64;

  /** {@link ExploreBounds#maxTimerFires} kept a timer from firing somewhere. */
  static final int HIT_TIMER_FIRES = 128;

  /** {@link ExploreOptions#maxClockChoices} kept a clock choice from being made somewhere. */
  static final int HIT_CLOCK_CHOICES = 256;

  final NodeId[] ids;
  private final List<NodeId> idList; // one instance: invariants cache per node list identity
  private final Protocol<?, ?, ?>[] protocols;
  private final boolean[] server;
  private final boolean[] client;
  private static final int PINNED_MEMO_MAX = 1 << 18;
  private final Map<Object, Long> pinned; // lookups only, never iterated
  final ExploreOptions options;
  private final StepEffects fx = new StepEffects();
  private final FastSink scratch = new FastSink(); // for new slots' fingerprints
  private StepRecorder recorder;
  private int boundsHit;
  private final SymmetryReduction symmetry; // null: off
  private ClockReading lastClock; // the reading handlers got last (a record: immutable)
  private long lastClockCentre;

  public ExploreModel(Cluster cluster, ExploreOptions options) {
    this(cluster, options, new HashMap<>());
  }

  /**
   * A model whose pinned-fingerprint memo is {@code pinned}: a parallel BFS worker slot makes its
   * models anew every round but keeps their memo, which only that slot uses (one thread at a time)
   * and which is written only for a message or timer it has not met before.
   */
  ExploreModel(Cluster cluster, ExploreOptions options, Map<Object, Long> pinned) {
    this.pinned = pinned;
    this.options = options;
    this.ids = cluster.nodes().keySet().toArray(new NodeId[0]);
    this.idList = List.of(ids);
    if (ids.length == 0 || ids.length > 8) {
      throw new IllegalArgumentException(
          "the explorer handles 1 to 8 nodes (servers, clients and helpers), got " + ids.length);
    }
    this.protocols = new Protocol<?, ?, ?>[ids.length];
    this.server = new boolean[ids.length];
    this.client = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      protocols[i] = cluster.nodes().get(ids[i]);
      server[i] = cluster.servers().contains(ids[i]);
      client[i] = cluster.clients().contains(ids[i]);
    }
    fx.keepAnnotations = false; // until a recorder is set
    this.symmetry =
        options.interchangeable().isEmpty()
            ? null
            : new SymmetryReduction(ids, server, options.interchangeable());
  }

  /** With symmetry reduction on, sets {@code s}'s visited-set key to its orbit's; {@code s}. */
  private SearchState keyed(SearchState s) {
    if (symmetry != null && s != null) {
      symmetry.canonicalize(s);
    }
    return s;
  }

  void setRecorder(StepRecorder recorder) {
    this.recorder = recorder;
    fx.keepAnnotations = recorder != null;
  }

  /** Which fault bounds disabled some action so far (bits HIT_*). */
  int boundsHit() {
    return boundsHit;
  }

  /**
   * The bound bits set since the last call, then clears them: parallel BFS lists each state at the
   * depth bound on one model and keeps that state's bits with it.
   */
  int takeBoundsHit() {
    int bits = boundsHit;
    boundsHit = 0;
    return bits;
  }

  public List<NodeId> nodes() {
    return idList;
  }

  int indexOf(NodeId id) {
    int i = find(id);
    if (i < 0) {
      throw new IllegalArgumentException("unknown node " + id + " (nodes: " + nodes() + ")");
    }
    return i;
  }

  /** A linear scan (at most 8 nodes, usually the same NodeId instances) beats hashing a record. */
  private int find(NodeId id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The pinned fingerprint of a message or timer (it orders the in-flight multiset and timers, so
   * it must stay the {@code Fingerprints} value). Handlers build equal records over and over, so
   * the values are memoised by equality; the memo is only looked up, never iterated, and is cleared
   * when it grows large.
   */
  private long pinnedFingerprint(Object value) {
    if (!(value instanceof Record)) {
      return Fingerprints.of(value);
    }
    Long known = pinned.get(value);
    if (known != null) {
      return known;
    }
    if (pinned.size() >= PINNED_MEMO_MAX) {
      pinned.clear();
    }
    long f = Fingerprints.of(value);
    pinned.put(value, f);
    return f;
  }

  // ------------------------------------------------------------------ start state

  /** Boots every node in order with no durable state: the root of the search. */
  public SearchState initial() {
    NodeSlot[] slots = new NodeSlot[ids.length];
    for (int i = 0; i < ids.length; i++) {
      slots[i] = new NodeSlot(null, null, 0, NodeSlot.NO_TIMERS);
    }
    SearchState s =
        new SearchState(
            slots,
            new Envelope[0],
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            HistoryLog.empty(options.historyByRealTimeOrder()));
    for (int i = 0; i < ids.length; i++) {
      s = apply(s, new Choice(Choice.RESTART, i, null, null), true);
    }
    return keyed(s);
  }

  // ------------------------------------------------------------------ enabled actions

  /** The actions enabled in {@code s}, in canonical order. */
  List<Choice> choices(SearchState s) {
    List<Choice> out = new ArrayList<>(s.inFlight.length + 4 * ids.length + 4);
    list(s, out);
    return out;
  }

  /**
   * {@link #choices}, written into {@code into} (cleared first) instead of a new list: for a search
   * loop that owns {@code into} and is done with its previous contents.
   */
  List<Choice> choices(SearchState s, List<Choice> into) {
    into.clear();
    list(s, into);
    return into;
  }

  /**
   * Whether {@code s} has an enabled action, setting the same fault-bound bits as {@link #choices}
   * (BFS asks this of every state at the depth bound, about half of all states: no choice objects
   * are built).
   */
  boolean hasChoices(SearchState s) {
    enabled = 0;
    list(s, null);
    return enabled > 0;
  }

  /** Actions counted by {@link #add} since {@link #hasChoices} began. */
  private int enabled;

  /**
   * Lists the actions enabled in {@code s} into {@code out} in canonical order, or with {@code out}
   * null only counts them; the fault-bound bits are set either way.
   */
  private void list(SearchState s, List<Choice> out) {
    Envelope[] flight = s.inFlight;
    addMessages(flight, Choice.DELIVER, s, out);
    addTimers(s, out);
    for (int i = 0; i < ids.length; i++) {
      if (server[i] && !s.nodes[i].up()) {
        add(out, Choice.RESTART, i, null, null, -1);
      }
    }
    boolean canCrash = s.crashes < options.maxCrashes();
    for (int i = 0; i < ids.length; i++) {
      if (server[i] && s.nodes[i].up()) {
        if (canCrash) {
          add(out, Choice.CRASH, i, null, null, -1);
        } else {
          boundsHit |= HIT_CRASHES;
        }
      }
    }
    if (flight.length > 0) {
      if (s.drops < options.maxDrops()) {
        addMessages(flight, Choice.DROP, s, out);
      } else {
        boundsHit |= HIT_DROPS;
      }
    }
    addLinkFaults(s, out);
    if (s.clockSteps < options.maxClockSteps()) {
      add(out, Choice.CLOCK, -1, null, null, -1);
    } else {
      boundsHit |= HIT_CLOCK;
    }
    addClockOffsets(s, out);
  }

  /** One enabled action: added to {@code out}, or only counted when {@code out} is null. */
  private void add(List<Choice> out, int kind, int node, Envelope e, PendingTimer timer, int peer) {
    enabled++;
    if (out != null) {
      out.add(new Choice(kind, node, e, timer, peer));
    }
  }

  /**
   * With clock choices on: for every up node that is not a client (servers, and helpers such as a
   * config service, which read clocks too), each other place true time may lie in its reading
   * (lower bound, centre, upper bound), while the budget lasts.
   */
  private void addClockOffsets(SearchState s, List<Choice> out) {
    if (options.maxClockChoices() == 0) {
      return;
    }
    if (s.clockChoices >= options.maxClockChoices()) {
      boundsHit |= HIT_CLOCK_CHOICES;
      return;
    }
    long eps = options.clockUncertaintyTicks();
    for (int i = 0; i < ids.length; i++) {
      if (client[i] || !s.nodes[i].up()) {
        continue;
      }
      for (int code : new int[] {SearchState.BEHIND, SearchState.CENTRE, SearchState.AHEAD}) {
        if (code != s.offsetCode(i)) {
          add(out, Choice.CLOCK_OFFSET, i, null, null, (int) SearchState.offsetTicks(code, eps));
        }
      }
    }
  }

  /**
   * One DELIVER (to an up node over an open link) or DROP choice per distinct message in flight:
   * identical copies sit side by side, and taking either gives the same state.
   */
  private void addMessages(Envelope[] flight, int kind, SearchState s, List<Choice> out) {
    long previous = 0;
    for (int k = 0; k < flight.length; k++) {
      Envelope e = flight[k];
      if (k > 0 && e.fingerprint() == previous) {
        continue;
      }
      previous = e.fingerprint();
      if (kind == Choice.DROP || (s.nodes[e.to()].up() && !blocked(s, e.from(), e.to()))) {
        add(out, kind, e.to(), e, null, -1);
      }
    }
  }

  private void addTimers(SearchState s, List<Choice> out) {
    boolean timersLeft =
        !s.bounded
            || options.bounds().maxTimerFires() == 0
            || s.timerFires < options.bounds().maxTimerFires();
    for (int i = 0; i < ids.length; i++) {
      NodeSlot slot = s.nodes[i];
      if (!slot.up()) {
        continue;
      }
      if (!timersLeft) {
        if (slot.timers.length > 0) {
          boundsHit |= HIT_TIMER_FIRES;
        }
        continue;
      }
      for (int k = 0; k < slot.timers.length; k++) {
        PendingTimer t = slot.timers[k];
        if (mayFire(slot.timers, t)) {
          if (s.bounded && repeatsExhausted(slot, t)) {
            boundsHit |= HIT_TIMER_REPEATS;
          } else {
            add(out, Choice.TIMER, i, null, t, -1);
          }
        }
      }
    }
  }

  /** Isolating a server, cutting one directed link, healing every cut. */
  private void addLinkFaults(SearchState s, List<Choice> out) {
    for (int i = 0; i < ids.length; i++) {
      if (server[i] && !isolated(s, i)) {
        if (s.partitions < options.maxPartitions()) {
          add(out, Choice.ISOLATE, i, null, null, -1);
        } else {
          boundsHit |= HIT_PARTITIONS;
        }
      }
    }
    if (options.maxLinkCuts() > 0) {
      // Every directed link not yet cut, except client-to-client (clients never talk).
      boolean canCut = s.linkCuts < options.maxLinkCuts();
      for (int a = 0; a < ids.length; a++) {
        for (int b = 0; b < ids.length; b++) {
          if (a == b || (client[a] && client[b]) || blocked(s, a, b)) {
            continue;
          }
          if (canCut) {
            add(out, Choice.BLOCK, a, null, null, b);
          } else {
            boundsHit |= HIT_LINK_CUTS;
          }
        }
      }
    }
    if (s.blockedLinks != 0) {
      add(out, Choice.HEAL, -1, null, null, -1);
    }
  }

  private boolean repeatsExhausted(NodeSlot slot, PendingTimer t) {
    int max = options.bounds().maxTimerRepeats();
    return max > 0 && slot.repeats(t.fingerprint()) >= max;
  }

  /**
   * The state a search starts from: {@code s} itself, or with {@link ExploreBounds} on, a copy that
   * counts the bounds from here (repeat counts zero), so a prefix found without bounds stays valid.
   */
  public SearchState searchStart(SearchState s) {
    if (options.bounds().none()) {
      return s;
    }
    NodeSlot[] nodes = s.nodes.clone();
    for (int i = 0; i < nodes.length; i++) {
      NodeSlot n = nodes[i];
      if (n.timerRepeats.length > 0) {
        nodes[i] = new NodeSlot(n.state, n.durable, n.durableFingerprint, n.timers);
      }
    }
    return keyed(
        new SearchState(
            nodes,
            s.inFlight,
            s.blockedLinks,
            s.crashes,
            s.drops,
            s.partitions,
            s.linkCuts,
            s.clockSteps,
            s.timeTicks,
            s.history,
            true,
            0,
            s.clockOffsets,
            s.clockChoices));
  }

  /**
   * The model bounds in force ({@code hit}: the HIT_* bits seen), for results: e.g. {@code ",
   * max-timer-repeats=1 (limited the search)"}; empty for the full model.
   */
  String boundsDescription(int hit) {
    ExploreBounds b = options.bounds();
    StringBuilder out = new StringBuilder();
    if (b.maxTimerRepeats() > 0) {
      out.append(", max-timer-repeats=").append(b.maxTimerRepeats());
      if ((hit & HIT_TIMER_REPEATS) != 0) {
        out.append(" (limited the search)");
      }
    }
    if (b.maxTimerFires() > 0) {
      out.append(", max-timer-fires=").append(b.maxTimerFires());
      if ((hit & HIT_TIMER_FIRES) != 0) {
        out.append(" (limited the search)");
      }
    }
    if (b.maxInFlightPerLink() > 0) {
      out.append(", max-in-flight-per-link=").append(b.maxInFlightPerLink());
      if ((hit & HIT_IN_FLIGHT_PER_LINK) != 0) {
        out.append(" (limited the search)");
      }
    }
    return out.toString();
  }

  private static boolean mayFire(PendingTimer[] timers, PendingTimer t) {
    for (PendingTimer other : timers) {
      if (other != t && other.maxTicks() < t.minTicks()) {
        return false; // `other` must fire before `t` can
      }
    }
    return true;
  }

  private boolean blocked(SearchState s, int from, int to) {
    return (s.blockedLinks & (1L << (from * ids.length + to))) != 0;
  }

  private boolean isolated(SearchState s, int node) {
    long mask = isolationMask(node);
    return (s.blockedLinks & mask) == mask;
  }

  private long isolationMask(int node) {
    long mask = 0;
    int n = ids.length;
    for (int j = 0; j < n; j++) {
      if (j != node) {
        mask |= 1L << (node * n + j);
        mask |= 1L << (j * n + node);
      }
    }
    return mask;
  }

  // ------------------------------------------------------------------ successors

  /**
   * The state after {@code c}, or null when the step is a no-op (a duplicate delivery that changed
   * nothing and did nothing): pruning it saves fingerprinting a state already known.
   */
  SearchState apply(SearchState s, Choice c) {
    return keyed(apply(s, c, false));
  }

  private SearchState apply(SearchState s, Choice c, boolean boot) {
    return switch (c.kind) {
      case Choice.DELIVER, Choice.TIMER, Choice.RESTART -> runHandler(s, c, boot);
      case Choice.CRASH -> {
        NodeSlot slot = s.nodes[c.node];
        NodeSlot[] nodes = s.nodes.clone();
        nodes[c.node] =
            new NodeSlot(null, slot.durable, slot.durableFingerprint, NodeSlot.NO_TIMERS);
        yield s.crashed(nodes);
      }
      case Choice.DROP -> s.dropped(without(s.inFlight, c.envelope));
      case Choice.ISOLATE -> s.isolated(isolationMask(c.node));
      case Choice.BLOCK -> s.blocked(1L << (c.node * ids.length + c.peer));
      case Choice.HEAL -> s.healed();
      case Choice.CLOCK -> s.clockStepped(options.clockStepTicks());
      case Choice.CLOCK_OFFSET -> s.clockOffset(c.node, SearchState.codeOfTicks(c.peer));
      default -> throw new IllegalStateException("unknown choice kind " + c.kind);
    };
  }

  private SearchState runHandler(SearchState s, Choice c, boolean boot) {
    int i = c.node;
    NodeSlot slot = s.nodes[i];
    NodeState<?> next = stepNode(s, c, slot);
    NodeSlot newSlot = slotAfter(s, c, slot, next);
    boolean consumes = c.kind == Choice.DELIVER && !options.duplicates();
    if (c.kind == Choice.DELIVER
        && (!consumes || options.ignoredDeliveriesStay())
        && fx.isEmpty()
        && newSlot.baseFingerprint == slot.baseFingerprint) {
      return null; // a duplicate delivery the node ignored
    }
    if (s.bounded && !fx.sends.isEmpty() && overfillsALink(s.inFlight, i, fx.sends)) {
      boundsHit |= HIT_IN_FLIGHT_PER_LINK;
      return null; // outside the bounded model: the search does not take this step
    }
    if (recorder != null && fx.didPersist) {
      recorder.persist(ids[i]);
    }
    Envelope[] flight =
        fx.sends.isEmpty()
            ? consumes ? without(s.inFlight, c.envelope) : s.inFlight
            : withSends(s.inFlight, consumes ? c.envelope : null, i, fx.sends);
    HistoryLog history = historyAfter(s, i);
    NodeSlot[] nodes = s.nodes.clone();
    nodes[i] = newSlot;
    return new SearchState(
        nodes,
        flight,
        s.blockedLinks,
        s.crashes,
        s.drops,
        s.partitions,
        s.linkCuts,
        s.clockSteps,
        s.timeTicks,
        history,
        s.bounded,
        s.bounded && c.kind == Choice.TIMER && options.bounds().maxTimerFires() > 0
            ? s.timerFires + 1
            : s.timerFires,
        s.clockOffsets,
        s.clockChoices);
  }

  /** Runs the node's handler for {@code c} into {@link #fx}; its new state. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private NodeState<?> stepNode(SearchState s, Choice c, NodeSlot slot) {
    int i = c.node;
    Protocol p = protocols[i];
    long eps = options.clockUncertaintyTicks();
    long centre = s.timeTicks + SearchState.offsetTicks(s.offsetCode(i), eps);
    ClockReading clock = clockAround(centre, eps);
    NodeState<?> next;
    long stateBefore = 0;
    if (options.checkDeterminism() && c.kind != Choice.RESTART) {
      stateBefore = checkCopy(slot.state, i);
    }
    fx.reset(ids[i], clock);
    try {
      next = invoke(p, slot, c, fx);
    } catch (RuntimeException e) {
      throw new HandlerFailure(
          ids[i]
              + " "
              + handlerName(c)
              + " threw "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
    if (next == null) {
      throw new HandlerFailure(ids[i] + ": init returned a null state", null);
    }
    if (options.checkDeterminism()) {
      checkRerun(slot, c, next, clock, stateBefore);
    }
    return next;
  }

  /** {@code [centre - eps, centre + eps]}, the last one reused (time moves only by clock steps). */
  private ClockReading clockAround(long centre, long eps) {
    if (lastClock == null || lastClockCentre != centre) {
      lastClock = new ClockReading(centre - eps, centre + eps);
      lastClockCentre = centre;
    }
    return lastClock;
  }

  /** The node's slot after the step in {@link #fx}: its state, timers, durable state, repeats. */
  private NodeSlot slotAfter(SearchState s, Choice c, NodeSlot slot, NodeState<?> next) {
    // Timers: a restart loses them all; a fired timer is no longer pending.
    PendingTimer[] timers = slot.timers;
    if (c.kind == Choice.RESTART) {
      timers = NodeSlot.NO_TIMERS;
    } else if (c.kind == Choice.TIMER) {
      timers = without(timers, c.timer);
    }
    if (!fx.timerOps.isEmpty()) {
      timers = applyTimerOps(timers, fx.timerOps);
    }
    Durable durable = slot.durable;
    long durableFp = slot.durableFingerprint;
    if (fx.didPersist && fx.persisted != slot.durable) {
      durable = fx.persisted;
      durableFp = NodeSlot.durableFingerprint(durable, scratch);
    }
    long[] repeats = NodeSlot.NO_REPEATS;
    if (s.bounded && options.bounds().maxTimerRepeats() > 0 && c.kind == Choice.TIMER) {
      // A delivery or restart resets the counts; a timer no longer pending forgets its count
      // (so equal nodes are not split into many states by counts that cannot matter).
      repeats = NodeSlot.onlyPending(slot.repeatsAfterFiring(c.timer.fingerprint()), timers);
    }
    return new NodeSlot(next, durable, durableFp, timers, repeats, scratch);
  }

  /** The history with the step's records (stamped now), told to the recorder with annotations. */
  private HistoryLog historyAfter(SearchState s, int i) {
    HistoryLog history = s.history;
    for (HistoryEvent event : fx.history) {
      HistoryEvent stamped = event.atTick(s.timeTicks);
      history = history.append(stamped);
      if (recorder != null) {
        recorder.history(ids[i], stamped);
      }
    }
    if (recorder != null) {
      for (StepEffects.Annotation a : fx.annotations) {
        recorder.annotate(ids[i], a.key(), a.value());
      }
    }
    return history;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private NodeState<?> invoke(Protocol p, NodeSlot slot, Choice c, StepEffects out) {
    switch (c.kind) {
      case Choice.DELIVER -> {
        NodeState<?> next = (NodeState<?>) slot.state.copy();
        p.onMessage(next, ids[c.envelope.from()], c.envelope.message(), out);
        return next;
      }
      case Choice.TIMER -> {
        NodeState<?> next = (NodeState<?>) slot.state.copy();
        p.onTimer(next, c.timer.timer(), out);
        return next;
      }
      case Choice.RESTART -> {
        return (NodeState<?>) p.init(ids[c.node], slot.durable, out);
      }
      default -> throw new IllegalStateException("not a handler: " + c.kind);
    }
  }

  private String handlerName(Choice c) {
    return switch (c.kind) {
      case Choice.DELIVER ->
          "onMessage("
              + c.envelope.message().getClass().getSimpleName()
              + " from "
              + ids[c.envelope.from()]
              + ")";
      case Choice.TIMER -> "onTimer(" + c.timer.timer().getClass().getSimpleName() + ")";
      default -> "init";
    };
  }

  /** Would these sends leave more than maxInFlightPerLink messages on one of their links? */
  private boolean overfillsALink(Envelope[] flight, int from, List<StepEffects.Send> sends) {
    int max = options.bounds().maxInFlightPerLink();
    if (max == 0) {
      return false;
    }
    for (int k = 0; k < sends.size(); k++) {
      NodeId to = sends.get(k).to();
      int count = 0;
      for (StepEffects.Send other : sends) {
        if (other.to().equals(to)) {
          count++;
        }
      }
      int toIndex = find(to);
      for (Envelope e : flight) {
        if (e.from() == from && e.to() == toIndex) {
          count++;
        }
      }
      if (count > max) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code flight} without {@code consumed} (null: none) plus the sends, sorted: one new array per
   * step.
   */
  private Envelope[] withSends(
      Envelope[] flight, Envelope consumed, int from, List<StepEffects.Send> sends) {
    Envelope[] out = CanonicalOrder.without(flight, consumed, sends.size());
    int sorted = out.length - sends.size(); // the survivors, in order; the sends go after them
    int k = sorted;
    Message lastMessage = null;
    long lastMessageFp = 0;
    for (StepEffects.Send send : sends) {
      int to = find(send.to());
      if (to < 0) {
        throw new HandlerFailure(
            ids[from]
                + " sent "
                + send.message().getClass().getSimpleName()
                + " to unknown node "
                + send.to(),
            null);
      }
      if (send.message() != lastMessage) { // broadcasts reuse one message: hash it once
        lastMessage = send.message();
        lastMessageFp = pinnedFingerprint(lastMessage);
      }
      long id = 0;
      if (recorder != null) {
        id = recorder.nextMessageId();
        recorder.send(id, ids[from], ids[to], send.message());
      }
      out[k++] =
          new Envelope(
              from, to, send.message(), Envelope.fingerprintOf(from, to, lastMessageFp), id);
    }
    CanonicalOrder.sortStable(out, sorted, out.length, Envelope::compare);
    return out;
  }

  /**
   * {@code base} after the step's timer operations in call order: an arm replaces any pending timer
   * equal to it, a cancel removes it; sorted by fingerprint as a stable sort of the survivors
   * followed by the armed timers would be.
   */
  private PendingTimer[] applyTimerOps(PendingTimer[] base, List<StepEffects.TimerOp> ops) {
    PendingTimer[] timers = Arrays.copyOf(base, base.length + ops.size());
    int n = base.length;
    for (int o = 0; o < ops.size(); o++) {
      StepEffects.TimerOp op = ops.get(o);
      int kept = 0;
      for (int k = 0; k < n; k++) {
        if (!timers[k].timer().equals(op.timer())) {
          timers[kept++] = timers[k];
        }
      }
      n = kept;
      if (!op.cancel()) {
        timers[n++] = pendingTimer(op);
      }
    }
    CanonicalOrder.sortStable(timers, 0, n, CanonicalOrder.TIMERS);
    return n == timers.length ? timers : Arrays.copyOf(timers, n);
  }

  /**
   * The pending timer an arm operation makes, the last equal one reused (handlers re-arm the same
   * timers with the same ranges over and over; a pending timer is immutable and compared by
   * identity only within one node's array, where equal timers never sit twice).
   */
  private PendingTimer pendingTimer(StepEffects.TimerOp op) {
    for (PendingTimer p : recentTimers) {
      if (p != null
          && p.minTicks() == op.minTicks()
          && p.maxTicks() == op.maxTicks()
          && p.timer().equals(op.timer())) {
        return p;
      }
    }
    PendingTimer p =
        new PendingTimer(op.timer(), op.minTicks(), op.maxTicks(), pinnedFingerprint(op.timer()));
    recentTimers[nextRecentTimer] = p;
    nextRecentTimer = (nextRecentTimer + 1) % recentTimers.length;
    return p;
  }

  private final PendingTimer[] recentTimers = new PendingTimer[8];
  private int nextRecentTimer;

  private static Envelope[] without(Envelope[] flight, Envelope e) {
    return CanonicalOrder.without(flight, e, 0);
  }

  private static PendingTimer[] without(PendingTimer[] timers, PendingTimer t) {
    PendingTimer[] out = new PendingTimer[timers.length - 1];
    int k = 0;
    for (PendingTimer x : timers) {
      if (x != t) {
        out[k++] = x;
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ determinism checks

  private long checkCopy(NodeState<?> original, int node) {
    long before = NodeSlot.stateFingerprint(original);
    long copied = NodeSlot.stateFingerprint((NodeState<?>) original.copy());
    if (before != copied) {
      throw new Nondeterminism(
          ids[node]
              + ": copy() of "
              + original.getClass().getSimpleName()
              + " does not fingerprint like the original (a field is missing from copy() or"
              + " fingerprint())");
    }
    return before;
  }

  /** Re-runs the handler on a second fresh copy and compares state, effects and the original. */
  private void checkRerun(
      NodeSlot slot, Choice c, NodeState<?> first, ClockReading clock, long stateBefore) {
    int i = c.node;
    long firstState = NodeSlot.stateFingerprint(first);
    long firstEffects = effectsFingerprint(fx);
    String where = ids[i] + " " + handlerName(c);
    // First: did the handler reach through its copy into the original (a shallow copy())?
    if (c.kind != Choice.RESTART && NodeSlot.stateFingerprint(slot.state) != stateBefore) {
      throw new Nondeterminism(
          where + " changed the state it was copied from: copy() shares a mutable field");
    }
    StepEffects again = new StepEffects();
    again.reset(ids[i], clock);
    NodeState<?> second = invoke(protocols[i], slot, c, again);
    if (NodeSlot.stateFingerprint(second) != firstState) {
      throw new Nondeterminism(
          where + " is nondeterministic: two runs on equal copies reached different states");
    }
    if (effectsFingerprint(again) != firstEffects) {
      throw new Nondeterminism(
          where + " is nondeterministic: two runs on equal copies had different effects");
    }
  }

  private static long effectsFingerprint(StepEffects e) {
    Hasher h = Fingerprints.hashFunction().newHasher();
    for (StepEffects.Send s : e.sends) {
      Fingerprints.put(h, s.to());
      Fingerprints.put(h, s.message());
    }
    for (StepEffects.TimerOp op : e.timerOps) {
      Fingerprints.put(h, op);
    }
    h.putBoolean(e.didPersist);
    Fingerprints.put(h, e.persisted);
    for (HistoryEvent event : e.history) {
      Fingerprints.put(h, event);
    }
    return h.hash().asLong();
  }
}
