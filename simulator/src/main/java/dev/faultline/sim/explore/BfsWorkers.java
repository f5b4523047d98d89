package dev.faultline.sim.explore;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Invariant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The worker threads of a parallel breadth-first search. One round expands a batch of parent states
 * into one {@link ParentExpansion} per parent, in three phases:
 *
 * <ol>
 *   <li>parallel: enabled choices, handler steps and fingerprints of every successor;
 *   <li>sequential, in parent order and choice order: which successors are the round's first copy
 *       of a state not visited before (a lookup per successor, cheap);
 *   <li>parallel: invariant checks of exactly those first copies, each shown the parent that
 *       reached it first in canonical order -- the parent the single-threaded search shows it; and,
 *       when an invariant judges transitions, of every other step with only those invariants (a
 *       step into a seen state can break a step property; the merge reports the first in canonical
 *       order, as the single-threaded search does).
 * </ol>
 *
 * The caller then merges the round sequentially, exactly as the single-threaded search processes
 * the same parents, so the visited set, parent pointers, counts and the reported violation are
 * identical; the expensive work (steps, fingerprints, invariants) is spread over the threads and no
 * state is checked twice.
 *
 * <p>Why threads cannot make the search nondeterministic: every worker slot has its own {@link
 * ExploreModel} (its own effects buffer and pinned-fingerprint memo) and only reads shared data --
 * immutable search states, node states that handlers copy before stepping, and the visited set,
 * which is written only by the merge while no worker runs. Workers decide nothing: which states are
 * new, their ids, the stop condition and the counterexample are all decided in canonical order.
 * Bound bits a worker reports are those a step set first within that worker; workers claim parents
 * in increasing order, so the first step in canonical order that sets a bit always reports it, and
 * the merge's OR up to where it stops equals the sequential search's.
 */
@SuppressForbidden(
    reason =
        "worker pool for parallel BFS: workers only compute pure functions of immutable states;"
            + " all decisions are made sequentially in canonical order")
final class BfsWorkers implements AutoCloseable {
  private final ExploreModel[] models; // one per worker slot; slot 0 runs on the calling thread
  private final ExploreModel[] cutModels; // per slot: choices() of states at the depth bound
  private final ExecutorService pool; // threads - 1 daemon threads
  private final Supplier<List<Invariant>> invariants;
  private final int maxDepth;
  private final int chunk; // items per chunk a worker claims: small balances, large amortises
  private final FingerprintTable roundSeen = new FingerprintTable(1 << 14);
  // Some invariant judges transitions: steps into seen states are checked too (see SearchRun).
  private final boolean checkEdges;

  BfsWorkers(
      Cluster cluster,
      ExploreOptions options,
      Supplier<List<Invariant>> invariants,
      int threads,
      int chunkParents) {
    this.chunk = chunkParents;
    this.models = new ExploreModel[threads];
    this.cutModels = new ExploreModel[threads];
    for (int w = 0; w < threads; w++) {
      models[w] = new ExploreModel(cluster, options);
      cutModels[w] = new ExploreModel(cluster, options);
    }
    this.invariants = invariants;
    this.checkEdges = SearchRun.judgesTransitions(invariants);
    this.maxDepth = options.maxDepth();
    AtomicInteger named = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads - 1,
            r -> {
              Thread t = new Thread(r, "faultline-explore-" + named.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Expands {@code parents} (with their depths). {@code visited} is only read here: the caller must
   * not write it until this returns.
   */
  ParentExpansion[] expand(List<SearchState> parents, int[] depths, FingerprintTable visited) {
    int n = parents.size();
    ParentExpansion[] out = new ParentExpansion[n];
    // Phase 1: steps and fingerprints.
    inParallel(n, (slot, p) -> out[p] = step(models[slot], parents.get(p), depths[p], visited));
    // Phase 2: the round's first copy of each new state, in canonical order.
    List<ParentExpansion.Outcome> fresh = new ArrayList<>();
    roundSeen.clear();
    for (ParentExpansion x : out) {
      for (ParentExpansion.Outcome o : x.outcomes) {
        if (o.next == null) {
          continue;
        }
        long hi = o.next.keyHigh;
        long lo = o.next.keyLow;
        o.seen = o.visitedBefore || roundSeen.put(hi, lo, 0) != FingerprintTable.ABSENT;
        if (!o.seen || checkEdges) {
          fresh.add(o); // with checkEdges also the steps into seen states, for step properties
        }
      }
    }
    // Phase 3: invariants (and, at the depth bound, whether any choice is enabled).
    inParallel(fresh.size(), (slot, k) -> check(models[slot], cutModels[slot], fresh.get(k)));
    return out;
  }

  private interface SlotTask {
    void run(int slot, int item);
  }

  /** Runs {@code task} for items 0..n-1, chunks claimed in increasing order by each slot. */
  private void inParallel(int n, SlotTask task) {
    int chunks = (n + chunk - 1) / chunk;
    AtomicInteger nextChunk = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>(models.length - 1);
    for (int w = 1; w < models.length && w < chunks; w++) {
      int slot = w;
      running.add(
          pool.submit(() -> claim(slot, n, chunks, nextChunk, item -> task.run(slot, item))));
    }
    claim(0, n, chunks, nextChunk, item -> task.run(0, item));
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for explore workers", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("explore worker failed", e.getCause());
      }
    }
  }

  private void claim(int slot, int n, int chunks, AtomicInteger nextChunk, IntConsumer item) {
    for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
      int end = Math.min(n, (c + 1) * chunk);
      for (int i = c * chunk; i < end; i++) {
        item.accept(i);
      }
    }
  }

  private ParentExpansion step(
      ExploreModel m, SearchState parent, int depth, FingerprintTable visited) {
    ParentExpansion x = new ParentExpansion();
    int before = m.boundsHit();
    List<Choice> choices = m.choices(parent);
    x.newBoundsBits = m.boundsHit() & ~before;
    x.hasChoices = !choices.isEmpty();
    if (depth >= maxDepth) {
      return x;
    }
    for (Choice c : choices) {
      SearchState next;
      int bitsBefore = m.boundsHit();
      try {
        next = m.apply(parent, c);
      } catch (RuntimeException e) {
        x.failure = e;
        x.failedChoice = c;
        x.failureBoundsBits = m.boundsHit() & ~bitsBefore;
        return x;
      }
      ParentExpansion.Outcome o =
          new ParentExpansion.Outcome(c, parent, next, m.boundsHit() & ~bitsBefore, depth + 1);
      o.visitedBefore =
          next != null && visited.get(next.keyHigh, next.keyLow) != FingerprintTable.ABSENT;
      x.outcomes.add(o);
    }
    return x;
  }

  private void check(ExploreModel m, ExploreModel cut, ParentExpansion.Outcome o) {
    if (o.seen) { // a step into a seen state: only transition properties (as BfsSearch)
      try {
        o.broken = SearchRun.violatedOnEdge(m, invariants, o.parent, o.next);
      } catch (RuntimeException e) {
        o.invariantFailure = e;
      }
      return;
    }
    if (o.depth >= maxDepth) {
      o.cutHasChoices = !cut.choices(o.next).isEmpty();
    }
    try {
      o.broken = SearchRun.violated(m, invariants, o.parent, o.next);
    } catch (RuntimeException e) {
      o.invariantFailure = e;
    }
  }

  /**
   * Bound bits set while listing the choices of states at the depth bound. The single-threaded
   * search lists them only after every shallower state was expanded, so they count only when the
   * search ran to the end of its queue.
   */
  int cutBoundsHit() {
    int bits = 0;
    for (ExploreModel cut : cutModels) {
      bits |= cut.boundsHit();
    }
    return bits;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
