package dev.faultline.sim.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Breadth-first search's parent pointers: for each visited state id, its parent's id and the index
 * of the choice that led from it. Counterexamples are rebuilt from these by replay, so BFS keeps no
 * states for visited ids.
 */
final class ParentTree {
  private int[] parents = new int[1024];
  private int[] parentChoices = new int[1024];

  void set(int id, int parent, int choice) {
    if (id >= parents.length) {
      int size = Math.max(parents.length * 2, id + 1);
      parents = Arrays.copyOf(parents, size);
      parentChoices = Arrays.copyOf(parentChoices, size);
    }
    parents[id] = parent;
    parentChoices[id] = choice;
  }

  /** The choice indexes from state {@code id} back to the root (last choice first). */
  List<Integer> choicesTo(int id) {
    List<Integer> choices = new ArrayList<>();
    for (int at = id; parents[at] >= 0; at = parents[at]) {
      choices.add(parentChoices[at]);
    }
    return choices;
  }

  long bytes() {
    return (long) parents.length * 8;
  }
}
