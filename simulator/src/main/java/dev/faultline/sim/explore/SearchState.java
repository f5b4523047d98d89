package dev.faultline.sim.explore;

/**
 * One global state of the explored system, immutable: every node (shared {@link NodeSlot}s), the
 * in-flight message multiset in canonical order, which links are cut, the fault budgets spent,
 * logical time and the client history. Its 128-bit fingerprint is computed from the parts'
 * fingerprints, so equal states found along different paths are recognised.
 */
public final class SearchState {
  final NodeSlot[] nodes;
  final Envelope[] inFlight;
  final long blockedLinks; // bit (from * n + to) set: the link is cut (n <= 8)
  final int crashes;
  final int drops;
  final int partitions;
  final int linkCuts;
  final int clockSteps;
  final long timeTicks;
  final HistoryLog history;

  /**
   * The search counts {@link ExploreBounds} from here on (set on the search's start state, after
   * any prefix, only when a bound is on); part of the identity only when set.
   */
  final boolean bounded;

  /** Bounded mode with {@link ExploreBounds#maxTimerFires}: timers fired since the start. */
  final int timerFires;

  /**
   * Per node, where true time lies in its clock reading, 2 bits each (node i at bits 2i): {@link
   * #CENTRE}, {@link #AHEAD} (+eps: true time at the lower bound) or {@link #BEHIND} (-eps: at the
   * upper bound). Zero unless clock choices are on; part of the identity only when set.
   */
  final long clockOffsets;

  /** Clock choices made along the path (see {@link ExploreOptions#maxClockChoices}). */
  final int clockChoices;

  static final int CENTRE = 0;
  static final int AHEAD = 1;
  static final int BEHIND = 2;

  final long fingerprintHigh;
  final long fingerprintLow;

  /**
   * The visited set's key: the fingerprint, or with symmetry reduction the fingerprint of the
   * state's canonical representative ({@link SymmetryReduction}), set once by the model before the
   * state is shared.
   */
  long keyHigh;

  long keyLow;

  SearchState(
      NodeSlot[] nodes,
      Envelope[] inFlight,
      long blockedLinks,
      int crashes,
      int drops,
      int partitions,
      int linkCuts,
      int clockSteps,
      long timeTicks,
      HistoryLog history) {
    this(
        nodes,
        inFlight,
        blockedLinks,
        crashes,
        drops,
        partitions,
        linkCuts,
        clockSteps,
        timeTicks,
        history,
        false,
        0,
        0,
        0);
  }

  SearchState(
      NodeSlot[] nodes,
      Envelope[] inFlight,
      long blockedLinks,
      int crashes,
      int drops,
      int partitions,
      int linkCuts,
      int clockSteps,
      long timeTicks,
      HistoryLog history,
      boolean bounded,
      int timerFires,
      long clockOffsets,
      int clockChoices) {
    this.nodes = nodes;
    this.inFlight = inFlight;
    this.blockedLinks = blockedLinks;
    this.crashes = crashes;
    this.drops = drops;
    this.partitions = partitions;
    this.linkCuts = linkCuts;
    this.clockSteps = clockSteps;
    this.timeTicks = timeTicks;
    this.history = history;
    this.bounded = bounded;
    this.timerFires = timerFires;
    this.clockOffsets = clockOffsets;
    this.clockChoices = clockChoices;
    // Combines the parts' fingerprints (each computed once, when the part was built) with the
    // in-memory FastSink: the visited set only needs identity within this process.
    FastSink h = new FastSink();
    for (NodeSlot slot : nodes) {
      h.word(slot.fingerprint);
    }
    h.word(inFlight.length);
    for (Envelope e : inFlight) {
      h.word(e.fingerprint());
    }
    h.word(blockedLinks)
        .word(crashes)
        .word(drops)
        .word(partitions)
        .word(linkCuts)
        .word(clockSteps)
        .word(timeTicks)
        .word(history.hash);
    if (bounded) {
      h.word(0xB0B0B0B0L).word(timerFires);
    }
    if (clockChoices > 0) {
      h.word(0xC10C4C10CL).word(clockOffsets).word(clockChoices);
    }
    this.fingerprintLow = h.low();
    this.fingerprintHigh = h.high();
    this.keyLow = fingerprintLow;
    this.keyHigh = fingerprintHigh;
  }

  // ---------------------------------------------------------------- fault and clock steps
  // Each keeps the nodes' history, bounded mode and timer fires; the explorer's model builds them.

  SearchState crashed(NodeSlot[] nodesAfter) {
    return with(nodesAfter, inFlight, blockedLinks, crashes + 1, drops, partitions, linkCuts, 0, 0);
  }

  SearchState dropped(Envelope[] inFlightAfter) {
    return with(nodes, inFlightAfter, blockedLinks, crashes, drops + 1, partitions, linkCuts, 0, 0);
  }

  SearchState isolated(long linksCut) {
    long links = blockedLinks | linksCut;
    return with(nodes, inFlight, links, crashes, drops, partitions + 1, linkCuts, 0, 0);
  }

  SearchState blocked(long linkCut) {
    long links = blockedLinks | linkCut;
    return with(nodes, inFlight, links, crashes, drops, partitions, linkCuts + 1, 0, 0);
  }

  SearchState healed() {
    return with(nodes, inFlight, 0, crashes, drops, partitions, linkCuts, 0, 0);
  }

  SearchState clockStepped(long ticks) {
    return with(nodes, inFlight, blockedLinks, crashes, drops, partitions, linkCuts, 1, ticks);
  }

  /** Node {@code node}'s offset code ({@link #CENTRE}, {@link #AHEAD}, {@link #BEHIND}). */
  int offsetCode(int node) {
    return (int) (clockOffsets >>> (2 * node)) & 3;
  }

  /** The offset in ticks that {@code code} means when the clock uncertainty is {@code eps}. */
  static long offsetTicks(int code, long eps) {
    return code == AHEAD ? eps : code == BEHIND ? -eps : 0;
  }

  /** The code of an offset of {@code ticks} (its sign). */
  static int codeOfTicks(long ticks) {
    return ticks > 0 ? AHEAD : ticks < 0 ? BEHIND : CENTRE;
  }

  /** A copy where node {@code node} has offset {@code code}, one more clock choice spent. */
  SearchState clockOffset(int node, int code) {
    long offsets = (clockOffsets & ~(3L << (2 * node))) | ((long) code << (2 * node));
    return new SearchState(
        nodes,
        inFlight,
        blockedLinks,
        crashes,
        drops,
        partitions,
        linkCuts,
        clockSteps,
        timeTicks,
        history,
        bounded,
        timerFires,
        offsets,
        clockChoices + 1);
  }

  /** A copy with these parts, {@code moreClockSteps} more clock steps and {@code moreTicks}. */
  private SearchState with(
      NodeSlot[] nodes,
      Envelope[] inFlight,
      long blockedLinks,
      int crashes,
      int drops,
      int partitions,
      int linkCuts,
      int moreClockSteps,
      long moreTicks) {
    return new SearchState(
        nodes,
        inFlight,
        blockedLinks,
        crashes,
        drops,
        partitions,
        linkCuts,
        clockSteps + moreClockSteps,
        timeTicks + moreTicks,
        history,
        bounded,
        timerFires,
        clockOffsets,
        clockChoices);
  }

  /** The state's canonical 128-bit fingerprint as 32 hex digits. */
  public String fingerprintHex() {
    return String.format("%016x%016x", fingerprintHigh, fingerprintLow);
  }

  /** Messages in flight (counting duplicates). */
  public int inFlightCount() {
    return inFlight.length;
  }

  public long timeTicks() {
    return timeTicks;
  }

  boolean sameAs(SearchState other) {
    return fingerprintHigh == other.fingerprintHigh && fingerprintLow == other.fingerprintLow;
  }
}
