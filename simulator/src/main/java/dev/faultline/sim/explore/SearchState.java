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

  final long fingerprintHigh;
  final long fingerprintLow;

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
      int timerFires) {
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
    this.fingerprintLow = h.low();
    this.fingerprintHigh = h.high();
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
        timerFires);
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
