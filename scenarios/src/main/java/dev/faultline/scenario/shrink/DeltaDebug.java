package dev.faultline.scenario.shrink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Zeller and Hildebrandt's ddmin ("Simplifying and Isolating Failure-Inducing Input", TSE 2002):
 * the smallest subsequence it can find for which {@code fails} still holds, 1-minimal (removing any
 * single element makes it pass) unless {@code fails} gives up (a budget), in which case the best so
 * far is returned. Element order is kept.
 */
final class DeltaDebug {
  private DeltaDebug() {}

  static <T> List<T> minimize(List<T> input, Predicate<List<T>> fails) {
    List<T> current = new ArrayList<>(input);
    if (current.isEmpty()) {
      return current;
    }
    if (fails.test(List.of())) {
      return new ArrayList<>();
    }
    int n = 2;
    while (current.size() >= 2) {
      List<List<T>> chunks = split(current, n);
      boolean reduced = false;
      for (List<T> chunk : chunks) { // a chunk alone still fails: keep only it
        if (chunk.size() < current.size() && fails.test(chunk)) {
          current = chunk;
          n = 2;
          reduced = true;
          break;
        }
      }
      if (!reduced && n > 2) {
        for (int i = 0; i < chunks.size(); i++) { // without chunk i it still fails: drop it
          List<T> complement = new ArrayList<>();
          for (int j = 0; j < chunks.size(); j++) {
            if (j != i) {
              complement.addAll(chunks.get(j));
            }
          }
          if (fails.test(complement)) {
            current = complement;
            n = Math.max(n - 1, 2);
            reduced = true;
            break;
          }
        }
      }
      if (!reduced) {
        if (n >= current.size()) {
          break;
        }
        n = Math.min(current.size(), 2 * n);
      }
    }
    return current;
  }

  private static <T> List<List<T>> split(List<T> list, int n) {
    List<List<T>> chunks = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < n; i++) {
      int end = start + (list.size() - start) / (n - i);
      if (end > start) {
        chunks.add(new ArrayList<>(list.subList(start, end)));
      }
      start = end;
    }
    return chunks;
  }
}
