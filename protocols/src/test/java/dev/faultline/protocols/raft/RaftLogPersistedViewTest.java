package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RaftLog#persistedEntries()} is an O(1) view of the log's array: whatever the log does
 * afterwards (appends, truncations, compaction, copies that write), every view keeps exactly the
 * entries it had when it was taken.
 */
class RaftLogPersistedViewTest {
  private static RaftEntry entry(long term) {
    return new RaftEntry(term, new RaftCommand.NoOp());
  }

  @Test
  void viewsKeepTheirEntriesThroughRandomEdits() {
    for (int seed = 0; seed < 200; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      RaftLog log = new RaftLog(0, 0, List.of());
      RaftLog other = null;
      List<List<RaftEntry>> views = new ArrayList<>();
      List<List<RaftEntry>> expected = new ArrayList<>();
      long term = 1;
      for (int step = 0; step < 60; step++) {
        int action = rnd.nextInt(10);
        if (action < 5) {
          log.append(entry(term++));
        } else if (action < 7 && log.lastIndex() > log.baseIndex()) {
          log.truncateFrom(rnd.nextLong(log.baseIndex() + 1, log.lastIndex() + 1));
        } else if (action < 8 && log.lastIndex() > log.baseIndex()) {
          long to = rnd.nextLong(log.baseIndex() + 1, log.lastIndex() + 1);
          log.compactTo(to, log.termAt(to));
        } else if (action < 9) {
          other = log.copy();
          other.append(entry(1000 + step)); // a copy that writes must not show in any view
        }
        List<RaftEntry> view = log.persistedEntries();
        views.add(view);
        expected.add(List.copyOf(log.entries()));
        for (int v = 0; v < views.size(); v++) {
          assertEquals(expected.get(v), views.get(v), "seed " + seed + ", view " + v);
        }
      }
      if (other != null) {
        assertEquals(other.lastIndex(), other.entries().size() + other.baseIndex());
      }
    }
  }

  @Test
  void viewsAreReadOnly() {
    RaftLog log = new RaftLog(0, 0, List.of(entry(1)));
    List<RaftEntry> view = log.persistedEntries();
    assertThrows(UnsupportedOperationException.class, () -> view.add(entry(2)));
    assertThrows(IndexOutOfBoundsException.class, () -> view.get(1));
  }
}
