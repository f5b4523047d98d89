package dev.faultline.check;

import dev.faultline.sim.api.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks histories for linearizability against a {@link Model}: splits the operations into the
 * model's partitions (P-compositionality), searches each with {@link PartitionSearch} (in parallel
 * when there are several) and combines: any partition not linearizable makes the history not
 * linearizable; otherwise a partition that ran out of budget makes it inconclusive.
 *
 * <p>The verdict does not depend on thread timing. The explanation is always the one of the first
 * failing partition in key order: a failure cancels only partitions that come after it, and those
 * could never be the one reported. (Only a wall-clock timeout is timing-dependent, and it turns a
 * would-be verdict into INCONCLUSIVE, never into another verdict.)
 */
public final class Linearizability {
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "faultline-check");
            t.setDaemon(true);
            return t;
          });

  private Linearizability() {}

  /** Checks a simulator history (the kv model's main path). */
  public static CheckResult check(List<HistoryEvent> history, Model<?> model, CheckBudget budget) {
    return check(History.fromHistoryEvents(history, model), model, budget);
  }

  /** Checks a history read from a file (see {@link HistoryFiles}). */
  public static CheckResult check(History history, Model<?> model, CheckBudget budget) {
    return check(history, model, budget, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #check(History, Model, CheckBudget)} with at most {@code threads} threads. */
  public static CheckResult check(
      History history, Model<?> model, CheckBudget budget, int threads) {
    long start = System.nanoTime();
    long deadline = budget.deadlineNanos(start);
    Map<String, List<Operation>> byPartition = new TreeMap<>();
    for (Operation op : history.operations()) {
      byPartition.computeIfAbsent(model.partitionOf(op), p -> new ArrayList<>()).add(op);
    }
    List<String> names = new ArrayList<>(byPartition.keySet());
    List<PartitionSearch> searches = new ArrayList<>();
    for (String name : names) {
      searches.add(new PartitionSearch(model, byPartition.get(name)));
    }
    long userMax = budget.limitsSteps() ? budget.maxSteps() : Long.MAX_VALUE;
    // Deterministic rounds: every undecided partition searches up to the same step limit, which
    // doubles every round. After a round, the lowest partition (in key order) found not
    // linearizable is the answer, so a quick failure in one partition ends the check early (as
    // Porcupine's cancellation does) yet the answer never depends on which thread ran faster.
    int failure = -1;
    boolean timedOut = false;
    for (long limit = FIRST_ROUND_STEPS; ; limit = limit > Long.MAX_VALUE / 2 ? limit : limit * 2) {
      long roundLimit = Math.min(limit, userMax);
      List<Integer> open = new ArrayList<>();
      for (int p = 0; p < searches.size(); p++) {
        if (searches.get(p).outcome() == PartitionSearch.Outcome.PAUSED
            && searches.get(p).steps() < userMax) {
          open.add(p);
        }
      }
      if (open.isEmpty()) {
        break;
      }
      runRound(searches, open, roundLimit, deadline, threads);
      for (int p = 0; p < searches.size(); p++) {
        PartitionSearch.Outcome o = searches.get(p).outcome();
        if (o == PartitionSearch.Outcome.NOT_LINEARIZABLE && failure < 0) {
          failure = p;
        }
        timedOut |= o == PartitionSearch.Outcome.OUT_OF_TIME;
      }
      if (failure >= 0 || timedOut) {
        break;
      }
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    return combine(history, model, names, searches, failure, budget, elapsedMillis);
  }

  private static final long FIRST_ROUND_STEPS = 1L << 10;

  /** Advances the open partitions to {@code limit} steps, biggest first, on up to N threads. */
  private static void runRound(
      List<PartitionSearch> searches, List<Integer> open, long limit, long deadline, int threads) {
    List<Integer> work = new ArrayList<>(open);
    work.sort(
        Comparator.comparingInt((Integer p) -> -searches.get(p).size()).thenComparingInt(p -> p));
    AtomicInteger nextWork = new AtomicInteger();
    AtomicInteger firstFailure = new AtomicInteger(Integer.MAX_VALUE);
    Runnable worker =
        () -> {
          for (int w; (w = nextWork.getAndIncrement()) < work.size(); ) {
            int p = work.get(w);
            if (p > firstFailure.get()) {
              continue; // a lower partition already failed: this one cannot be reported
            }
            PartitionSearch.Outcome o =
                searches.get(p).run(limit, deadline, () -> p > firstFailure.get());
            if (o == PartitionSearch.Outcome.NOT_LINEARIZABLE) {
              firstFailure.accumulateAndGet(p, Math::min);
            }
          }
        };
    int helpers = Math.min(Math.max(1, threads), work.size()) - 1;
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < helpers; i++) {
      futures.add(POOL.submit(worker));
    }
    worker.run();
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("checker failed", e.getCause());
      }
    }
  }

  private static CheckResult combine(
      History history,
      Model<?> model,
      List<String> names,
      List<PartitionSearch> searches,
      int failure,
      CheckBudget budget,
      long elapsedMillis) {
    int ops = history.operations().size();
    if (failure >= 0) {
      PartitionSearch r = searches.get(failure);
      Operation u = r.unplaceable();
      return new CheckResult(
          Verdict.NOT_LINEARIZABLE,
          model.name(),
          names.get(failure),
          u == null ? null : CheckResult.Unplaceable.of(u),
          r.prefix().stream().map(Operation::invokeIndex).toList(),
          r.stateAfterPrefix(),
          r.concurrent().stream().map(Operation::invokeIndex).toList(),
          elapsedMillis,
          r.steps(),
          ops,
          names.size(),
          null);
    }
    long steps = 0;
    String reason = null;
    for (int p = 0; p < searches.size(); p++) {
      PartitionSearch r = searches.get(p);
      steps += r.steps();
      if (reason == null && timedOut(searches) && r.outcome() == PartitionSearch.Outcome.PAUSED) {
        continue; // the round ended by the timeout elsewhere; name that partition instead
      }
      if (reason == null && r.outcome() != PartitionSearch.Outcome.LINEARIZABLE) {
        String where = names.get(p).isEmpty() ? "" : " (partition " + names.get(p) + ")";
        reason =
            r.outcome() == PartitionSearch.Outcome.OUT_OF_TIME
                ? "timeout of " + describe(budget) + " reached" + where
                : "step budget of " + budget.maxSteps() + " exhausted" + where;
      }
    }
    return new CheckResult(
        reason == null ? Verdict.LINEARIZABLE : Verdict.INCONCLUSIVE,
        model.name(),
        null,
        null,
        List.of(),
        null,
        List.of(),
        elapsedMillis,
        steps,
        ops,
        names.size(),
        reason);
  }

  private static boolean timedOut(List<PartitionSearch> searches) {
    return searches.stream().anyMatch(s -> s.outcome() == PartitionSearch.Outcome.OUT_OF_TIME);
  }

  private static String describe(CheckBudget budget) {
    java.time.Duration d = budget.timeout();
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
