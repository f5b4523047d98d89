package dev.faultline.sim.explore;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Invariant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The worker threads of a parallel breadth-first search. A round expands a run of queued parents
 * (consecutive ids) in chunks that the threads claim in increasing order; for each chunk, one
 * worker does everything the one-thread search does per successor while the state is in its cache:
 * step, fingerprint, claim the fingerprint in the shared visited set ({@link
 * FingerprintTable#claim}, lock-free), and for a claim check the invariants against the parent,
 * evaluate the goals and, at the depth bound, list the choices. It writes the outcome into the
 * chunk's {@link ChunkExpansion}; nothing per successor is left for a sequential pass but numbering
 * the claims that survive.
 *
 * <p>Why the result cannot depend on the threads: the visited set keeps, for a fingerprint first
 * reached in the round, the claim of the smallest parent id (a parent's choices run in order on one
 * thread, and an equal id never replaces), which is the one-thread search's first finder; {@link
 * #markReplaced} kills the claims that lost, so each surviving claim is checked against the parent
 * the one-thread search shows it. Each worker slot has its own {@link ExploreModel} (built on the
 * thread that first runs the slot, so its mutable memos are not on a cache line another core
 * writes); states are immutable; ids, the stop condition and the counterexample are decided in
 * canonical order by the caller. Bound bits a chunk reports are those its steps set first within
 * that worker; a worker claims chunks in increasing order, so the first step in canonical order
 * that sets a bit always reports it, and the caller's OR up to where it stops equals the one-thread
 * search's.
 *
 * <p>A successor that is already visited (claimed before the round, or by an earlier finder in the
 * round) is the one-thread search's "{@code visited.put(...)} found it" branch: see {@link
 * #expandParent}, and {@link #markReplaced} for a claim that turns out to be a revisit. When some
 * invariant judges transitions, such a step is still checked with those invariants (a step into a
 * seen state can break a step property); a broken one is recorded as an {@link ChunkExpansion#EDGE}
 * entry in canonical order, so the caller reports the first violation the one-thread search
 * reports.
 */
@SuppressForbidden(
    reason =
        "worker pool for parallel BFS: workers only compute pure functions of immutable states and"
            + " claim fingerprints; all decisions are made sequentially in canonical order")
final class BfsWorkers implements AutoCloseable {
  private final Cluster cluster;
  private final ExploreOptions options;
  private final ExploreModel[] models; // one per worker slot; slot 0 runs on the calling thread
  private final ExploreModel[] cutModels; // per slot: hasChoices() of states at the depth bound
  private final ExecutorService pool; // threads - 1 daemon threads
  private final SearchRun run;
  // The shared visited set, read from here rather than from the run: the caller writes the run's
  // counts while the workers expand the next round, and every read of run.visited would then miss.
  private final FingerprintTable visited;
  private final Supplier<List<Invariant>> invariants;
  private final Supplier<List<Invariant>> transitionJudges;
  // Per worker slot: its reused instances within a round (a slot runs on one thread at a time).
  private final ReusedInvariants[] slotInvariants;
  private final ReusedInvariants[] slotTransitionJudges;
  // Per worker slot, kept for the whole search: its models' pinned-fingerprint memo (see
  // #expandChunk). Made anew with the models, every round refilled it from empty: 2 % of the CPU.
  private final Map<Object, Long>[] pinnedMemos;
  private final int maxDepth;
  private final int chunk; // the fewest parents in a chunk (see Expansion#chunkSize)
  private int fanout; // the most choices a parent had in the rounds finished so far
  // Some invariant judges transitions: steps into seen states are checked too (see SearchRun).
  private final boolean checkEdges;

  BfsWorkers(Cluster cluster, SearchRun run, int threads, int chunkParents) {
    this.cluster = cluster;
    this.options = run.options;
    this.chunk = chunkParents;
    this.models = new ExploreModel[threads];
    this.cutModels = new ExploreModel[threads];
    this.slotInvariants = new ReusedInvariants[threads];
    this.slotTransitionJudges = new ReusedInvariants[threads];
    @SuppressWarnings("unchecked")
    Map<Object, Long>[] memos = new Map[threads];
    this.pinnedMemos = memos;
    this.run = run;
    this.visited = run.visited;
    this.invariants = run.invariants();
    this.transitionJudges = run.transitionJudges();
    this.checkEdges = run.judgesTransitions();
    this.maxDepth = options.maxDepth();
    AtomicInteger named = new AtomicInteger();
    this.pool =
        threads == 1
            ? null // one slot: the calling thread expands every chunk
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "faultline-explore-" + named.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
  }

  /** One round's parents: ids {@code firstParent ..}, their states and depths. */
  record Round(int firstParent, SearchState[] parents, int[] depths, boolean goalsOpen) {}

  /**
   * Starts expanding a prefix of the round's parents, whole chunks in order, on the pool's threads;
   * the caller joins in with {@link #finish}, after doing other work meanwhile (numbering the
   * previous round). Chunks stop being taken once about {@code claimLimit} fingerprints were
   * claimed, so the visited set never has to grow while threads write it (the caller grows it when
   * no round is in flight).
   */
  Expansion start(Round round, int claimLimit) {
    // Every slot builds its models and invariants anew in the round, on the thread that runs it:
    // see #expandChunk.
    Arrays.fill(models, null);
    Expansion e = new Expansion(round, claimLimit, fanout);
    int workers = Math.min(models.length, e.out.length);
    e.running = new ArrayList<>(workers);
    for (int w = 1; w < workers; w++) {
      int slot = w;
      e.running.add(pool.submit(() -> e.takeChunks(slot)));
    }
    return e;
  }

  /**
   * Expands chunks of {@code e} on the calling thread (worker slot 0) until none is left, waits for
   * the pool's threads, and returns the expanded chunks: a prefix of the round.
   */
  ChunkExpansion[] finish(Expansion e) {
    e.takeChunks(0);
    awaitWorkers(e);
    int done = 0;
    while (done < e.out.length && e.out[done] != null) {
      fanout = Math.max(fanout, e.out[done].maxChoices);
      done++;
    }
    return done == e.out.length ? e.out : Arrays.copyOf(e.out, done);
  }

  /**
   * Stops {@code e} taking chunks and waits for the chunks in flight: the search ended while it
   * ran, so its claims only sit in the visited set (counted nowhere), and the set may change again.
   */
  void abandon(Expansion e) {
    e.stop();
    awaitWorkers(e);
  }

  /** One round's expansion in flight: its chunk cursor, claim count and chunk records. */
  final class Expansion {
    private final Round round;
    private final int claimLimit;
    private final int fanout; // most choices of a parent in earlier rounds; 0 before any
    private final ChunkExpansion[] out;
    // The next chunk's index (high word) and first parent (low word), taken together so that the
    // chunks taken are always a prefix of the round in index order.
    private final AtomicLong cursor = new AtomicLong();
    private final AtomicInteger claimed = new AtomicInteger();
    private List<Future<?>> running;

    private Expansion(Round round, int claimLimit, int fanout) {
      this.round = round;
      this.claimLimit = claimLimit;
      this.fanout = fanout;
      this.out = new ChunkExpansion[(round.parents().length + chunk - 1) / chunk];
    }

    private void takeChunks(int slot) {
      int n = round.parents().length;
      while (true) {
        long c = cursor.get();
        int index = (int) (c >>> 32);
        int from = (int) c;
        if (from >= n) {
          return;
        }
        int to = from + chunkSize(n - from);
        if (!cursor.compareAndSet(c, ((long) (index + 1) << 32) | to)) {
          continue;
        }
        ChunkExpansion x = expandChunk(slot, round, from, to);
        out[index] = x;
        if (claimed.addAndGet(x.newKeys) >= claimLimit) {
          stop(); // the chunks taken so far are a prefix; they all finish
          return;
        }
      }
    }

    /**
     * Parents in the next chunk, out of the {@code left} not yet taken: large while much of the
     * round is left and down to the minimum towards its end (guided self-scheduling), so that a
     * round is a few dozen chunk records rather than hundreds, and the threads still end it
     * together. Never so large that the chunks in flight could claim past the growth threshold by
     * more than half the room left, if a parent has no more choices than the most seen so far
     * (before any: the minimum). Chunk boundaries are not what makes claims replaced: with chunks
     * of 16 and with these, Raft depth 9 on 2 threads replaced 35,000-50,000 claims per search.
     */
    private int chunkSize(int left) {
      int workers = models.length;
      int size = Math.max(chunk, left / (2 * workers));
      if (size > chunk) {
        long room = (long) claimLimit - claimed.get();
        long safe = fanout == 0 ? 0 : room / (2L * workers * fanout);
        size = (int) Math.max(chunk, Math.min(size, safe));
      }
      return Math.min(size, left);
    }

    /** Takes no more chunks (those taken finish). */
    private void stop() {
      int n = round.parents().length;
      long c;
      do {
        c = cursor.get();
      } while ((int) c < n && !cursor.compareAndSet(c, (c & 0xFFFF_FFFF_0000_0000L) | n));
    }
  }

  /**
   * Expands parents {@code from..to-1} of the round (indexes into its arrays) on one slot, into a
   * new chunk record.
   *
   * <p>Why the slot's models, invariants and the chunk record are made anew in every round, on the
   * thread that writes them, rather than kept: they are written for every successor, and anything
   * kept across rounds is soon moved by the collector, which copies the two workers' objects side
   * by side into the same cache lines. Each core's writes then take those lines from the other
   * core. Made anew, they sit in the writing thread's own allocation buffer. Measured on Raft depth
   * 9 with 2 threads (2026-12-08, same JVM, rounds interleaved): process CPU 2.90-3.13 s kept,
   * 2.62-2.71 s made anew, wall 1.97-2.09 s against 1.64-1.74 s; the invariants alone are most of
   * it (2.75-2.94 s), the records alone a little (2.84-3.13 s). The price is ~80 bytes per state
   * (the records' arrays) and a few objects per slot per round.
   */
  private ChunkExpansion expandChunk(int slot, Round round, int from, int to) {
    if (models[slot] == null) {
      if (pinnedMemos[slot] == null) {
        pinnedMemos[slot] = new HashMap<>();
      }
      models[slot] = new ExploreModel(cluster, options, pinnedMemos[slot]);
      cutModels[slot] = new ExploreModel(cluster, options, pinnedMemos[slot]);
      slotInvariants[slot] = new ReusedInvariants(invariants);
      slotTransitionJudges[slot] = new ReusedInvariants(transitionJudges);
    }
    ChunkExpansion x = new ChunkExpansion(round.firstParent() + from, to - from);
    for (int p = from; p < to && x.failure == null; p++) {
      expandParent(slot, round, p, x);
    }
    return x;
  }

  private void expandParent(int slot, Round round, int p, ChunkExpansion x) {
    ExploreModel m = models[slot];
    SearchState parent = round.parents()[p];
    int parentId = round.firstParent() + p;
    int before = m.boundsHit();
    List<Choice> choices = m.choices(parent);
    x.boundsBits |= m.boundsHit() & ~before;
    x.maxChoices = Math.max(x.maxChoices, choices.size());
    for (int k = 0; k < choices.size(); k++) {
      SearchState next;
      int bitsBefore = m.boundsHit();
      try {
        next = m.apply(parent, choices.get(k));
      } catch (RuntimeException e) {
        x.boundsBits |= m.boundsHit() & ~bitsBefore;
        x.failure = e;
        x.failedParent = parentId;
        x.failedChoice = choices.get(k);
        return;
      }
      x.boundsBits |= m.boundsHit() & ~bitsBefore;
      if (next == null) {
        continue;
      }
      x.generated++;
      int claim = visited.claim(next.keyHigh, next.keyLow, parentId, round.firstParent());
      if (claim == FingerprintTable.VISITED_BEFORE || claim == FingerprintTable.CLAIMED_EARLIER) {
        if (checkEdges) { // the state was checked where it was first found; the step was not
          checkEdge(slot, x, parent, next, parentId, k);
        }
        continue;
      }
      if (claim == FingerprintTable.CLAIMED) {
        x.newKeys++;
      } else {
        // An earlier parent's claim: the replaced one is a step into a visited state, checked
        // here, where the state is in the cache, rather than by the caller between rounds.
        Object edge =
            checkEdges
                ? edgeVerdict(slot, round.parents()[claim - round.firstParent()], next)
                : null;
        x.replaced(claim, next, edge);
      }
      checkClaim(slot, round, x, x.add(next, parentId, k), parent, round.depths()[p] + 1);
    }
  }

  /** Records the step into a seen state as an edge entry if it breaks a transition property. */
  private void checkEdge(
      int slot, ChunkExpansion x, SearchState parent, SearchState next, int parentId, int k) {
    Object verdict = edgeVerdict(slot, parent, next);
    if (verdict != null) {
      int e = x.add(next, parentId, k);
      x.flags[e] |= ChunkExpansion.EDGE;
      x.verdict(e, verdict);
    }
  }

  /** The transition properties' verdict on a step into a seen state: null, broken or a throw. */
  private Object edgeVerdict(int slot, SearchState parent, SearchState next) {
    try {
      return SearchRun.violatedOnEdge(models[slot], slotTransitionJudges[slot], parent, next);
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** What the one-thread search computes for a new state, for the claim {@code k}. */
  private void checkClaim(
      int slot, Round round, ChunkExpansion x, int k, SearchState parent, int depth) {
    SearchState next = x.next[k];
    try {
      String[] broken = SearchRun.violated(models[slot], slotInvariants[slot], parent, next);
      if (broken != null) {
        x.verdict(k, broken);
        return; // the search stops here if this claim survives
      }
    } catch (RuntimeException e) {
      x.verdict(k, e);
      return;
    }
    if (round.goalsOpen()) {
      int goals = run.goalsReachedIn(models[slot], next);
      if (goals != 0) {
        x.goals(k, goals);
      }
    }
    if (depth >= maxDepth) {
      ExploreModel cut = cutModels[slot];
      if (cut.hasChoices(next)) {
        x.flags[k] |= ChunkExpansion.CUT_HAS_CHOICES;
      }
      int bits = cut.takeBoundsHit();
      if (bits != 0) {
        x.cutBits(k, bits);
      }
    }
  }

  /**
   * Kills every claim of the round that a claim by an earlier parent replaced: in canonical order
   * that successor was already visited (the one-thread search's "found it" branch), so its checks
   * do not count. Runs between the round's expansion and its numbering.
   */
  static void markReplaced(ChunkExpansion[] chunks) {
    for (ChunkExpansion x : chunks) {
      for (int r = 0; r < x.replacedCount; r++) {
        int parent = x.replacedParents[r];
        ChunkExpansion owner = chunkOf(chunks, parent);
        int k = owner.kill(parent, x.replacedStates[r]);
        if (k < 0) {
          throw new IllegalStateException("replaced claim of parent " + parent + " not found");
        }
        Object edge = x.replacedVerdicts[r];
        if (edge != null) { // its step breaks a transition property: an edge entry now
          owner.flags[k] |= ChunkExpansion.EDGE;
          owner.verdict(k, edge);
        }
      }
    }
  }

  /** The chunk (of a round's prefix, in order) whose parents include {@code parent}. */
  private static ChunkExpansion chunkOf(ChunkExpansion[] chunks, int parent) {
    int lo = 0;
    int hi = chunks.length - 1;
    while (lo < hi) { // the last chunk whose first parent is at most parent
      int mid = (lo + hi + 1) >>> 1;
      if (chunks[mid].firstParent <= parent) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return chunks[lo];
  }

  /** Waits for the pool's share of {@code e}. */
  private static void awaitWorkers(Expansion e) {
    for (Future<?> f : e.running) {
      try {
        f.get();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for explore workers", ex);
      } catch (ExecutionException ex) {
        if (ex.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("explore worker failed", ex.getCause());
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
