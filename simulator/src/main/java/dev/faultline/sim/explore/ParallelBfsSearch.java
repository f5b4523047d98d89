package dev.faultline.sim.explore;

import dev.faultline.sim.api.Cluster;
import java.util.Arrays;
import java.util.List;

/**
 * BFS with worker threads, equal to {@link BfsSearch} in every result field but time and heap.
 *
 * <p>The queue is consumed in rounds of queued parents (consecutive ids). {@link BfsWorkers}
 * expands a round in chunks on every thread, claiming successors' fingerprints in the shared
 * visited set as they go and checking each claim at once (invariants, goals, choices at the depth
 * bound); the visited set keeps each fingerprint's first finder in canonical order (parent id, then
 * choice), so the claims that survive are exactly the states the one-thread search finds new,
 * checked against the same parents. This thread then numbers them in canonical order -- parent
 * pointers, ids, the queue, counts -- and stops at the first violation, goal, state bound or
 * handler failure in that order, with the counts the one-thread search has there. That pass touches
 * a few ints per new state and nothing per revisit, and the other threads expand the next round
 * meanwhile, so the sequential share stays small.
 *
 * <p>Why {@link BfsSearch} is kept beside it: on one thread the plain loop needs no claims, no
 * chunk records and no second pass, and it is the reference the tests compare this engine with.
 */
final class ParallelBfsSearch {
  private final SearchRun run;
  private final Cluster cluster;
  private final int threads;
  private final int batchParents;
  private final int chunkParents;
  private final Frontier frontier = new Frontier();
  private int[] levelStarts = {0}; // levelStarts[d]: the first id at depth d
  private int nextId = 1;
  private boolean depthCut; // some state at the depth bound has a choice (see BfsSearch)
  private int cutBoundsHit;
  private BfsWorkers workers;
  private BfsWorkers.Expansion inFlight; // the next round, expanding while this one is numbered

  ParallelBfsSearch(
      SearchRun run, Cluster cluster, int threads, int batchParents, int chunkParents) {
    this.run = run;
    this.cluster = cluster;
    this.threads = threads;
    this.batchParents = batchParents;
    this.chunkParents = chunkParents;
  }

  ExploreResult search() {
    if (run.options.maxDepth() <= 0 || run.goalCount() > 32) {
      // Nothing to spread (only the start's choices are listed), or more goals than int bits.
      return new BfsSearch(run, new ExploreModel(cluster, run.options)).search();
    }
    run.visited = new FingerprintTable(1 << 16);
    run.visited.claim(run.start.keyHigh, run.start.keyLow, -1, 0);
    run.visited.addClaimed(1);
    run.parents.set(0, -1, -1);
    if (run.goalsDone(run.start, 0, () -> List.of())) {
      return run.goalReached(0);
    }
    frontier.add(0, run.start);
    try (BfsWorkers w = new BfsWorkers(cluster, run, threads, chunkParents)) {
      workers = w;
      try {
        return rounds();
      } finally {
        quiesce(); // a search that threw leaves no thread writing behind it
      }
    }
  }

  /**
   * Expands round after round. While the caller numbers one round's claims, the pool's threads
   * already expand the next round's parents (those queued before it), unless the next round could
   * fill the visited set to its growth threshold: then the set grows first, with no thread writing.
   */
  private ExploreResult rounds() {
    BfsWorkers.Round round = takeRound();
    ChunkExpansion[] chunks =
        workers.finish(workers.start(round, run.visited.claimsBeforeGrowth()));
    while (true) {
      frontier.consume(parentsExpanded(chunks));
      BfsWorkers.Round next = null;
      int room = run.visited.claimsBeforeGrowth() - newKeys(chunks);
      if (room > 0 && !frontier.isEmpty()) {
        next = takeRound();
        inFlight = workers.start(next, room);
      }
      BfsWorkers.markReplaced(chunks); // reads only this round's records: the next one may run
      ExploreResult end = number(chunks, round);
      if (end != null) {
        return end;
      }
      if (run.timedOut()) {
        quiesce();
        return run.timeOut();
      }
      if (inFlight == null) {
        if (frontier.isEmpty()) {
          break;
        }
        next = takeRound();
        inFlight = workers.start(next, run.visited.claimsBeforeGrowth());
      }
      chunks = workers.finish(inFlight);
      inFlight = null;
      round = next;
    }
    run.cutBoundsHit = cutBoundsHit;
    return run.ranOut(depthCut);
  }

  private static int parentsExpanded(ChunkExpansion[] chunks) {
    int n = 0;
    for (ChunkExpansion x : chunks) {
      n += x.parents;
    }
    return n;
  }

  private static int newKeys(ChunkExpansion[] chunks) {
    int n = 0;
    for (ChunkExpansion x : chunks) {
      n += x.newKeys;
    }
    return n;
  }

  /** Lets the round in flight (if any) end: nothing writes the visited set after this. */
  private void quiesce() {
    if (inFlight != null) {
      workers.abandon(inFlight);
      inFlight = null;
    }
  }

  private BfsWorkers.Round takeRound() {
    int first = frontier.headId();
    SearchState[] parents = frontier.peek(Math.min(batchParents, frontier.size()));
    int[] depths = new int[parents.length];
    int d = levelStarts.length - 1;
    for (int p = parents.length - 1; p >= 0; p--) {
      while (levelStarts[d] > first + p) {
        d--;
      }
      depths[p] = d;
    }
    return new BfsWorkers.Round(first, parents, depths, run.goalsOpen());
  }

  /** Numbers the round's surviving claims in canonical order; a result ends the search. */
  private ExploreResult number(ChunkExpansion[] chunks, BfsWorkers.Round round) {
    int newKeys = 0;
    for (ChunkExpansion x : chunks) {
      for (int k = 0; k < x.claims; k++) {
        byte flags = x.flags[k];
        ExploreResult end =
            (flags & (ChunkExpansion.DEAD | ChunkExpansion.EDGE)) == 0
                ? numberClaim(x, k, round)
                : (flags & ChunkExpansion.EDGE) != 0 ? stepIntoSeen(x, k, round) : null;
        if (end != null) {
          return end;
        }
      }
      run.generated += x.generated;
      run.workerBoundsHit |= x.boundsBits;
      newKeys += x.newKeys;
      if (x.failure != null) {
        return failed(x, round);
      }
    }
    run.visited.addClaimed(newKeys);
    run.uniqueStates = nextId;
    return null;
  }

  /** The one-thread search's steps for a new state (see BfsSearch#step), for one claim. */
  private ExploreResult numberClaim(ChunkExpansion x, int k, BfsWorkers.Round round) {
    int id = nextId++;
    int parentId = x.parentIds[k];
    SearchState next = x.next[k];
    run.parents.set(id, parentId, x.choiceIndexes[k]);
    int depth = round.depths()[parentId - round.firstParent()] + 1;
    if (depth == levelStarts.length) {
      levelStarts = Arrays.copyOf(levelStarts, depth + 1);
      levelStarts[depth] = id;
    }
    if (depth > run.deepest) {
      run.deepest = depth;
    }
    Object verdict = x.verdict(k);
    if (verdict != null) {
      stopAt(x, k, id);
      if (verdict instanceof RuntimeException e) {
        throw e; // as the single-threaded search would, at this state
      }
      return run.violation((String[]) verdict, run.verifiedPath(id, next), depth);
    }
    int goals = x.goals(k);
    if (goals != 0 && run.recordGoals(goals, depth, () -> run.verifiedPath(id, next))) {
      stopAt(x, k, id);
      return run.goalReached(depth);
    }
    if (id + 1 >= run.options.maxStates()) {
      stopAt(x, k, id);
      return run.maxStates(depth);
    }
    if (depth >= run.options.maxDepth()) {
      depthCut |= (x.flags[k] & ChunkExpansion.CUT_HAS_CHOICES) != 0;
      cutBoundsHit |= x.cutBits(k);
    } else {
      frontier.add(id, next);
    }
    x.next[k] = null; // the queue holds it now
    return null;
  }

  /**
   * An edge entry: a step into a state visited before in canonical order (a revisit, or a claim
   * that a claim by an earlier parent replaced) that the worker found breaking a transition
   * property, as {@link BfsSearch} finds it inline. A replaced claim whose step breaks nothing is
   * only {@link ChunkExpansion#DEAD} and never gets here.
   */
  private ExploreResult stepIntoSeen(ChunkExpansion x, int k, BfsWorkers.Round round) {
    int parentId = x.parentIds[k];
    SearchState parent = round.parents()[parentId - round.firstParent()];
    Object verdict = x.verdict(k);
    if (verdict == null) {
      return null;
    }
    run.generated += x.generatedAt[k];
    run.workerBoundsHit |= x.boundsAt[k];
    stopWith(nextId);
    if (verdict instanceof RuntimeException e) {
      throw e; // as the single-threaded search would, at this step
    }
    Choice c = choiceAt(parent, x.choiceIndexes[k]);
    int depth = round.depths()[parentId - round.firstParent()];
    return run.edgeViolation((String[]) verdict, parentId, parent, c, depth);
  }

  /** The parent's choice at {@code index}, listed again (only when a search stops there). */
  private Choice choiceAt(SearchState parent, int index) {
    return new ExploreModel(cluster, run.options).choices(parent).get(index);
  }

  /** Sets the counts the one-thread search has when it stops at claim {@code k} (state id). */
  private void stopAt(ChunkExpansion x, int k, int id) {
    run.generated += x.generatedAt[k];
    run.workerBoundsHit |= x.boundsAt[k];
    stopWith(id + 1);
  }

  private void stopWith(int unique) {
    quiesce(); // before the visited set may grow
    run.uniqueStates = unique;
    run.visited.reserveFor(unique); // the capacity the one-thread search's table has there
  }

  /** A handler failed or was nondeterministic at the chunk's last choice. */
  private ExploreResult failed(ChunkExpansion x, BfsWorkers.Round round) {
    stopWith(nextId);
    List<ExploreAction> path = run.pathThen(x.failedParent, x.failedChoice);
    int depth = round.depths()[x.failedParent - round.firstParent()] + 1;
    if (x.failure instanceof HandlerFailure e) {
      return run.handlerFailed(e, path, depth);
    }
    if (x.failure instanceof Nondeterminism e) {
      return run.nondeterministic(e, path, depth);
    }
    throw x.failure;
  }

  /** The BFS queue: states by id, consecutive (states at the depth bound are never queued). */
  private static final class Frontier {
    private SearchState[] states = new SearchState[1024];
    private int firstId; // the id of states[0]
    private int head; // index of the next state to expand
    private int end; // index of the next free slot

    void add(int id, SearchState s) {
      if (id != firstId + end) {
        throw new IllegalStateException("queued id " + id + ", expected " + (firstId + end));
      }
      if (end == states.length) {
        int live = end - head;
        if (head >= states.length / 2) { // drop the expanded prefix
          System.arraycopy(states, head, states, 0, live);
          Arrays.fill(states, live, end, null);
        } else {
          SearchState[] bigger = new SearchState[states.length * 2];
          System.arraycopy(states, head, bigger, 0, live);
          states = bigger;
        }
        firstId += head;
        head = 0;
        end = live;
      }
      states[end++] = s;
    }

    boolean isEmpty() {
      return head == end;
    }

    int size() {
      return end - head;
    }

    int headId() {
      return firstId + head;
    }

    SearchState[] peek(int n) {
      return Arrays.copyOfRange(states, head, head + n);
    }

    void consume(int n) {
      Arrays.fill(states, head, head + n, null);
      head += n;
    }
  }
}
