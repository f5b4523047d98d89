package dev.faultline.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Wing &amp; Gong's search with Lowe's memoisation, for the operations of one partition.
 *
 * <p>The history is a doubly linked list of call and return entries in real-time order. The
 * operations that may be linearized next are those whose call entries come before the first
 * remaining return entry. The search linearizes one (removes its entries from the list, "lift"),
 * and when it reaches a return entry (that operation had to be linearized by now but could not) it
 * undoes the last choice and tries the next. Indeterminate operations have no return entry, so they
 * never block, are tried only after every completed candidate failed, and need not be placed at
 * all: the search succeeds as soon as every completed operation is linearized.
 *
 * <p>Speed: model states are interned to ints and transitions memoised per (state, operation)
 * ({@link TransitionMemo}), so the model runs once per pair and the memo compares ints, not
 * strings; the linearized set is hashed incrementally (Zobrist); see {@link VisitedSet} for the
 * memo and its subsumption rule. A read that is legal when it is a candidate is linearized there
 * without trying alternatives (moving a read earlier, to a point where it is already allowed and
 * returns the same state, keeps every linearization valid), which cuts the branching of read-heavy
 * histories.
 *
 * <p>The search is resumable: {@link #run} stops after a step limit and continues on the next call,
 * so the caller can advance all partitions in deterministic rounds.
 */
final class PartitionSearch {
  /** Bitsets up to this many words (4096 operations) are stored exactly in the memo. */
  private static final int EXACT_WORDS_MAX = 64;

  private static final int CHECK_EVERY_STEPS = 1024;

  private static final int LOOKAHEAD_ENTRIES = 64;

  enum Outcome {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    PAUSED,
    OUT_OF_TIME,
    CANCELLED
  }

  private final Model<Object> model;
  private final List<Operation> ops;
  private final int n;
  private final boolean[] completed;
  private final boolean[] readOnly;
  private final int[] slot; // index among completed ops, or among indeterminate ops
  private final int ni;
  private final boolean[] resetOp;
  private final int[] resets; // reset operations in invoke order
  private final int[] resetPosition; // op -> index in resets
  private final boolean[] linearized;
  private int resetCursor; // first reset not linearized
  private final int[] completedReads; // ops that are completed reads, in invoke order
  private final int unobservableState; // interned Model.unobservable(), or -1

  // The entry list (dancing links).
  private final int head;
  private final int tail;
  private final int[] next;
  private final int[] prev;
  private final int[] entryOp;
  private final boolean[] isCall;
  private final int[] callEntry;
  private final int[] returnEntry;

  // Interned states and memoised transitions.
  private final Map<Object, Integer> stateIds = new HashMap<>();
  private final List<Object> states = new ArrayList<>();
  private final TransitionMemo transitions;
  // Blind writes (Model.overwrites): the one state each leads to from anywhere, once known.
  private final boolean[] blind;
  private final int[] blindAfter;

  // The look-ahead's memory. noPendingResetRevives(k) reads the state only through the resets'
  // transitions; when every reset is a blind write it depends on nothing but which resets are
  // linearized, so its answer per read holds until a reset is placed or undone (resetVersion).
  private final boolean resetsBlind;
  private long resetVersion = 1;
  private final long[] revivesCheckedAt; // per op: resetVersion of revivesNone[k]; 0 = never
  private final boolean[] revivesNone;
  // Set by deadReadInWindow when it scanned the whole window: some completed read there is not
  // dead in the current state (noReadCanObserve's first answer, asked right after about the same
  // window and state).
  private boolean liveReadInWindow;
  // The completed read noReadCanObserve last found not dead, asked first next time: it mostly still
  // is, and the scan of every read that finds one asks about reads far from the front.
  private int observerHint = -1;

  // The configuration.
  private final long[] cBits;
  private final long[] iBits;
  private long h1;
  private long h2;
  private final VisitedSet visited;
  private final int[] stackOp;
  private final int[] stackState;
  private final boolean[] stackForced;
  private int depth;
  private int remaining;
  private int state;
  private int entry;
  private boolean infoPhase;
  private boolean backtracking;
  private long steps;
  private Outcome outcome;

  // Deepest dead end so far, for the explanation.
  private int bestDepth = -1;
  private int[] bestPrefix = new int[0];
  private int bestState;
  private int bestBlocked = -1;
  private int[] bestConcurrent = new int[0];

  @SuppressWarnings("unchecked")
  PartitionSearch(Model<?> model, List<Operation> partitionOps) {
    this.model = (Model<Object>) model;
    List<Operation> kept = relevant(model, partitionOps);
    this.ops = kept;
    n = kept.size();
    completed = new boolean[n];
    readOnly = new boolean[n];
    slot = new int[n];
    int nc = 0;
    int nInfo = 0;
    for (int k = 0; k < n; k++) {
      completed[k] = kept.get(k).completed();
      readOnly[k] = model.isReadOnly(kept.get(k));
      slot[k] = completed[k] ? nc++ : nInfo++;
    }
    ni = nInfo;
    resetOp = new boolean[n];
    resetPosition = new int[n];
    linearized = new boolean[n];
    int nr = 0;
    for (int k = 0; k < n; k++) {
      resetOp[k] = !readOnly[k] && model.resets(kept.get(k));
      if (resetOp[k]) {
        resetPosition[k] = nr++;
      }
    }
    resets = new int[nr];
    for (int k = 0; k < n; k++) {
      if (resetOp[k]) {
        resets[resetPosition[k]] = k;
      }
    }

    // Entries: a call per operation, a return per completed operation, in history order.
    int entryCount = n + nc;
    long[] order = entryOrder(kept, completed, entryCount);
    head = entryCount;
    tail = entryCount + 1;
    next = new int[entryCount + 2];
    prev = new int[entryCount + 2];
    entryOp = new int[entryCount];
    isCall = new boolean[entryCount];
    callEntry = new int[n];
    returnEntry = filled(n, -1);
    linkEntries(order);

    transitions = new TransitionMemo(n);
    blind = blindWrites(model, kept);
    blindAfter = filled(n, TransitionMemo.UNKNOWN);
    resetsBlind = allBlind(resets, blind);
    revivesCheckedAt = new long[n];
    revivesNone = new boolean[n];
    state = intern(model.initialState());
    Object garbage = model.unobservable();
    unobservableState = garbage == null ? -1 : intern(garbage);
    completedReads = completedReads(readOnly, completed);
    bestState = state;
    int cWords = Math.max(1, (nc + 63) >>> 6);
    int iWords = (ni + 63) >>> 6;
    cBits = new long[cWords];
    iBits = new long[iWords];
    visited = new VisitedSet(cWords, iWords, cWords <= EXACT_WORDS_MAX, n);
    stackOp = new int[n];
    stackState = new int[n];
    stackForced = new boolean[n];
    remaining = nc;
    entry = next[head];
    outcome = remaining == 0 ? Outcome.LINEARIZABLE : Outcome.PAUSED;
  }

  /**
   * The operations the search must place. An indeterminate read neither constrains nor changes
   * anything: leave it out. So does an indeterminate write no read could have seen.
   */
  private static List<Operation> relevant(Model<?> model, List<Operation> partitionOps) {
    List<Operation> reads = new ArrayList<>();
    for (Operation op : partitionOps) {
      if (op.completed() && model.isReadOnly(op)) {
        reads.add(op);
      }
    }
    List<Operation> kept = new ArrayList<>(partitionOps.size());
    for (Operation op : partitionOps) {
      if (op.completed() || (!model.isReadOnly(op) && model.mayBeObserved(op, reads))) {
        kept.add(op);
      }
    }
    return kept;
  }

  private static int[] filled(int n, int value) {
    int[] a = new int[n];
    Arrays.fill(a, value);
    return a;
  }

  private static boolean allBlind(int[] resets, boolean[] blind) {
    for (int r : resets) {
      if (!blind[r]) {
        return false;
      }
    }
    return true;
  }

  private static boolean[] blindWrites(Model<?> model, List<Operation> kept) {
    boolean[] blind = new boolean[kept.size()];
    for (int k = 0; k < blind.length; k++) {
      blind[k] = model.overwrites(kept.get(k));
    }
    return blind;
  }

  /** Entry codes (op k's call 2k, return 2k+1) sorted by their position in the history. */
  private static long[] entryOrder(List<Operation> kept, boolean[] completed, int entryCount) {
    long[] order = new long[entryCount];
    int e = 0;
    for (int k = 0; k < kept.size(); k++) {
      Operation op = kept.get(k);
      order[e++] = ((long) op.invokeIndex() << 32) | (2L * k);
      if (completed[k]) {
        order[e++] = ((long) op.completeIndex() << 32) | (2L * k + 1);
      }
    }
    Arrays.sort(order);
    return order;
  }

  /** Links the sorted entries (call or return of an operation) into the doubly linked list. */
  private void linkEntries(long[] order) {
    int last = head;
    for (int i = 0; i < order.length; i++) {
      int code = (int) order[i];
      int k = code >>> 1;
      entryOp[i] = k;
      isCall[i] = (code & 1) == 0;
      if (isCall[i]) {
        callEntry[k] = i;
      } else {
        returnEntry[k] = i;
      }
      next[last] = i;
      prev[i] = last;
      last = i;
    }
    next[last] = tail;
    prev[tail] = last;
  }

  private static int[] completedReads(boolean[] readOnly, boolean[] completed) {
    int nReads = 0;
    for (int k = 0; k < readOnly.length; k++) {
      if (readOnly[k] && completed[k]) {
        nReads++;
      }
    }
    int[] reads = new int[nReads];
    for (int k = 0, r = 0; k < readOnly.length; k++) {
      if (readOnly[k] && completed[k]) {
        reads[r++] = k;
      }
    }
    return reads;
  }

  int size() {
    return n;
  }

  long steps() {
    return steps;
  }

  Outcome outcome() {
    return outcome;
  }

  /**
   * Searches until a verdict, until {@code steps()} reaches {@code stepLimit} (PAUSED: call again
   * with a higher limit to continue), the deadline passes, or {@code cancelled} says so.
   */
  Outcome run(long stepLimit, long deadlineNanos, BooleanSupplier cancelled) {
    if (outcome != Outcome.PAUSED) {
      return outcome;
    }
    outcome = search(stepLimit, deadlineNanos, cancelled);
    return outcome;
  }

  private Outcome search(long stepLimit, long deadlineNanos, BooleanSupplier cancelled) {
    while (true) {
      if (steps >= stepLimit) {
        return Outcome.PAUSED;
      }
      steps++;
      if ((steps & (CHECK_EVERY_STEPS - 1)) == 0) {
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
          return Outcome.OUT_OF_TIME;
        }
        if (cancelled.getAsBoolean()) {
          return Outcome.CANCELLED;
        }
      }
      if (backtracking) {
        if (depth == 0) {
          return Outcome.NOT_LINEARIZABLE;
        }
        int k = pop();
        backtracking = stackForced[depth];
        if (!backtracking) {
          entry = next[callEntry[k]];
          infoPhase = !completed[k];
        }
        continue;
      }
      if (entry != tail && isCall[entry]) {
        int k = entryOp[entry];
        if (completed[k] == infoPhase) {
          entry = next[entry];
          continue;
        }
        int after = transition(state, k);
        if (after >= 0) {
          toggle(k);
          if (visited.add(h1, h2, after, cBits, iBits)) {
            if (extend(k, after)) {
              return Outcome.LINEARIZABLE;
            }
            continue;
          }
          toggle(k);
          if (readOnly[k]) {
            // Linearizing this read here is as good as any choice, and that was explored.
            backtracking = true;
            continue;
          }
        }
        entry = next[entry];
        continue;
      }
      // A return entry: every completed candidate failed. Try the indeterminate ones, then undo.
      if (!infoPhase && ni > 0) {
        infoPhase = true;
        entry = next[head];
        continue;
      }
      recordDeadEnd(entry == tail ? -1 : entryOp[entry]);
      backtracking = true;
    }
  }

  /**
   * Linearizes operation {@code k} next (its configuration is new), reaching {@code after}: true
   * when every completed operation is placed. Otherwise sets up the next step: backtrack from a
   * dead end or an already explored configuration, or scan again from the first entry.
   */
  private boolean extend(int k, int after) {
    push(k, after, readOnly[k]);
    if (completed[k] && remaining == 0) {
      return true;
    }
    if (!readOnly[k]) {
      int dead = deadReadInWindow();
      if (dead >= 0) {
        recordDeadEnd(dead);
        backtracking = true;
        return false;
      }
      if (unobservableState >= 0
          && state != unobservableState
          && !liveReadInWindow
          && noReadCanObserve()) {
        // Forget detail no read can see; a config seen with it already was explored.
        state = unobservableState;
        if (!visited.add(h1, h2, state, cBits, iBits)) {
          backtracking = true;
          return false;
        }
      }
    }
    entry = next[head];
    infoPhase = false;
    return false;
  }

  private void toggle(int k) {
    int s = slot[k];
    if (completed[k]) {
      cBits[s >>> 6] ^= 1L << s;
      h1 ^= Zobrist.first(s);
      h2 ^= Zobrist.second(s);
    } else {
      iBits[s >>> 6] ^= 1L << s;
    }
  }

  private void push(int k, int after, boolean forced) {
    stackOp[depth] = k;
    stackState[depth] = state;
    stackForced[depth] = forced;
    depth++;
    state = after;
    linearized[k] = true;
    if (resetOp[k]) {
      resetVersion++;
      while (resetCursor < resets.length && linearized[resets[resetCursor]]) {
        resetCursor++;
      }
    }
    int c = callEntry[k];
    next[prev[c]] = next[c];
    prev[next[c]] = prev[c];
    if (completed[k]) {
      int r = returnEntry[k];
      next[prev[r]] = next[r];
      prev[next[r]] = prev[r];
      remaining--;
    }
  }

  /** Undoes the last push (links are restored in reverse order); returns the operation. */
  private int pop() {
    depth--;
    int k = stackOp[depth];
    state = stackState[depth];
    linearized[k] = false;
    if (resetOp[k]) {
      resetVersion++;
      resetCursor = Math.min(resetCursor, resetPosition[k]);
    }
    if (completed[k]) {
      int r = returnEntry[k];
      next[prev[r]] = r;
      prev[next[r]] = r;
      remaining++;
    }
    int c = callEntry[k];
    next[prev[c]] = c;
    prev[next[c]] = c;
    toggle(k);
    return k;
  }

  /**
   * A completed read among the next {@link #LOOKAHEAD_ENTRIES} entries that is illegal now and can
   * never become legal (neither from the current state nor after any unplaced reset that may come
   * before its return: a reset overwrites the state whatever it was), or -1. Such a branch is dead:
   * every completed read must be linearized. Looking past the candidates catches a wrong order of
   * two writes as soon as any nearby read contradicts it, instead of after every interleaving of
   * the operations up to that read's invoke.
   */
  private int deadReadInWindow() {
    int seen = 0;
    boolean live = false;
    for (int x = next[head]; x != tail && seen < LOOKAHEAD_ENTRIES; x = next[x], seen++) {
      if (!isCall[x]) {
        continue;
      }
      int k = entryOp[x];
      if (readOnly[k] && completed[k]) {
        if (!deadFrom(state, k)) {
          live = true;
        } else if (noPendingResetRevives(k)) {
          return k;
        }
      }
    }
    liveReadInWindow = live;
    return -1;
  }

  /**
   * Whether every completed read not yet linearized needs a reset before it could be legal. Asked
   * right after {@link #deadReadInWindow} found every read of the window dead (otherwise a nearby
   * read can still see the state: the cheap common case, answered there).
   */
  private boolean noReadCanObserve() {
    if (observerHint >= 0 && !linearized[observerHint] && !deadFrom(state, observerHint)) {
      return false; // the same answer as the scan: one read that is not dead is enough
    }
    for (int k : completedReads) {
      if (!linearized[k] && !deadFrom(state, k)) {
        observerHint = k;
        return false;
      }
    }
    return true;
  }

  /** Whether read k is illegal in state s and no non-reset operations can make it legal. */
  private boolean deadFrom(int s, int k) {
    int dead = transitions.dead(s, k);
    if (dead < 0) {
      boolean isDead = transition(s, k) < 0 && !model.mayBecomeLegal(states.get(s), ops.get(k));
      transitions.putDead(s, k, isDead);
      return isDead;
    }
    return dead == 1;
  }

  /** True when no unplaced reset invoked before read k returns leads to a state that revives k. */
  private boolean noPendingResetRevives(int k) {
    if (!resetsBlind) {
      return noPendingResetRevivesNow(k);
    }
    if (revivesCheckedAt[k] != resetVersion) {
      revivesNone[k] = noPendingResetRevivesNow(k);
      revivesCheckedAt[k] = resetVersion;
    }
    return revivesNone[k];
  }

  private boolean noPendingResetRevivesNow(int k) {
    int until = ops.get(k).completeIndex();
    for (int i = resetCursor; i < resets.length; i++) {
      int r = resets[i];
      if (ops.get(r).invokeIndex() > until) {
        break;
      }
      if (linearized[r]) {
        continue;
      }
      int after = transition(state, r);
      if (after < 0 || !deadFrom(after, k)) {
        return false;
      }
    }
    return true;
  }

  private void recordDeadEnd(int blocked) {
    if (depth <= bestDepth) {
      return;
    }
    bestDepth = depth;
    bestPrefix = Arrays.copyOf(stackOp, depth);
    bestState = state;
    bestBlocked = blocked;
    int[] conc = new int[16];
    int cn = 0;
    for (int x = next[head]; x != tail && isCall[x]; x = next[x]) {
      if (isCall[x] && entryOp[x] != bestBlocked) {
        if (cn == conc.length) {
          conc = Arrays.copyOf(conc, cn * 2);
        }
        conc[cn++] = entryOp[x];
      }
    }
    bestConcurrent = Arrays.copyOf(conc, cn);
  }

  private int transition(int from, int k) {
    if (blind[k]) {
      // The same state from every state: asked once per write, not once per (state, write).
      int after = blindAfter[k];
      if (after == TransitionMemo.UNKNOWN) {
        after = step(from, k);
        blindAfter[k] = after;
      }
      return after;
    }
    int after = transitions.after(from, k);
    if (after == TransitionMemo.UNKNOWN) {
      after = step(from, k);
      transitions.putAfter(from, k, after);
    }
    return after;
  }

  private int step(int from, int k) {
    Object before = states.get(from);
    Object s = model.step(before, ops.get(k));
    if (s == before) {
      return from; // a legal read: what intern would answer, without hashing the state
    }
    return s == null ? -1 : intern(s);
  }

  private int intern(Object s) {
    Integer id = stateIds.get(s);
    if (id == null) {
      id = states.size();
      stateIds.put(s, id);
      states.add(s);
    }
    return id;
  }

  /** The operation that cannot be placed (null unless NOT_LINEARIZABLE). */
  Operation unplaceable() {
    return outcome != Outcome.NOT_LINEARIZABLE || bestBlocked < 0 ? null : ops.get(bestBlocked);
  }

  /** The longest linearizable prefix found, in linearization order. */
  List<Operation> prefix() {
    List<Operation> p = new ArrayList<>(bestPrefix.length);
    for (int k : bestPrefix) {
      p.add(ops.get(k));
    }
    return p;
  }

  String stateAfterPrefix() {
    return model.describe(states.get(bestState));
  }

  /** Operations open (not linearized) at the dead end, in invoke order. */
  List<Operation> concurrent() {
    List<Operation> c = new ArrayList<>(bestConcurrent.length);
    for (int k : bestConcurrent) {
      c.add(ops.get(k));
    }
    c.sort((a, b) -> Integer.compare(a.invokeIndex(), b.invokeIndex()));
    return c;
  }

  int statesInterned() {
    return states.size();
  }

  int configurationsMemoised() {
    return visited.size();
  }

  long memoBytes() {
    return visited.bytes();
  }
}
