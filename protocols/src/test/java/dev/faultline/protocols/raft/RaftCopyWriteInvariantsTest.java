package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The copy check's writes from the copied side ({@link RaftCopyWriteInvariants}, part of the {@code
 * checkCopies} option): a correct state and log keep them and are left as they were; a copy that
 * leaves its source writing into what the copy sees is caught.
 */
class RaftCopyWriteInvariantsTest {
  private static final dev.faultline.sim.api.NodeId S2 = dev.faultline.sim.api.NodeId.of("s2");

  private static RaftState busy() {
    RaftState s = RaftInvariantsTest.server("s1", 3, RaftRole.LEADER, 1, 1, 2, 3, 3);
    s.writableKv().apply("put", "x", "1");
    s.log.persistedEntries();
    return s;
  }

  @Test
  void aCorrectStateAndLogKeepTheChecksAndAreLeftAsTheyWere() {
    RaftState s = busy();
    long before = RaftImplementationInvariants.CopyFidelity.fingerprint(s);
    assertNull(RaftCopyWriteInvariants.partsDiffer(s));
    assertNull(RaftCopyWriteInvariants.logDiffers(s.log));
    assertEquals(before, RaftImplementationInvariants.CopyFidelity.fingerprint(s));
    RaftLog empty = new RaftLog(7, 2, java.util.List.of());
    assertNull(RaftCopyWriteInvariants.logDiffers(empty), "a log with nothing past its snapshot");
    RaftLog longer = new RaftLog(0, 0, java.util.List.of());
    for (int i = 0; i < 40; i++) {
      longer.append(new RaftEntry(1 + i / 10, new RaftCommand.NoOp()));
    }
    assertNull(RaftCopyWriteInvariants.logDiffers(longer), "a log of forty entries");
  }

  /** A copy that takes over the KV store its source then owns again: the source writes into it. */
  @Test
  void aCopySharingAStoreItsSourceStillWritesIsCaught() {
    UnaryOperator<RaftState> sharesKv =
        x -> {
          RaftState c = x.copy();
          c.kv = x.writableKv(); // the source's own store, which it goes on writing in place
          return c;
        };
    String wrong = RaftCopyWriteInvariants.partsDiffer(busy(), sharesKv);
    assertNotNull(wrong);
    assertTrue(wrong.contains("KV write"), wrong);
  }

  @Test
  void aCopySharingASessionTableItsSourceStillWritesIsCaught() {
    UnaryOperator<RaftState> sharesSessions =
        x -> {
          RaftState c = x.copy();
          c.sessions = x.writableSessions();
          return c;
        };
    String wrong = RaftCopyWriteInvariants.partsDiffer(busy(), sharesSessions);
    assertNotNull(wrong);
    assertTrue(wrong.contains("session write"), wrong);
  }

  /** A copy that keeps its source's vote set object: the source's next member shows in it. */
  @Test
  void aCopySharingAPeerSetItsSourceStillWritesIsCaught() {
    UnaryOperator<RaftState> sharesVotes =
        x -> {
          RaftState c = x.copy();
          c.votes = x.votes;
          return c;
        };
    String wrong = RaftCopyWriteInvariants.partsDiffer(busy(), sharesVotes);
    assertNotNull(wrong);
    assertTrue(wrong.contains("peer sets or maps"), wrong);
  }

  /**
   * The coarsest copy of all, the log itself: the first write of either side shows in the other.
   */
  @Test
  void aLogThatIsItsOwnCopyIsCaught() {
    String wrong = RaftCopyWriteInvariants.logDiffers(busy().log, l -> l);
    assertNotNull(wrong);
    assertTrue(wrong.contains("a copy of it appended"), wrong);
  }

  /**
   * A server's disk record, over its persisted log view, fingerprints as its fields; a hand-written
   * fingerprint that skips the vote, or writes a persisted view's entries to the explorer's sink
   * differently from a plain list's, is caught.
   */
  @Test
  void aDiskRecordFingerprintsAsItsFieldsAndAFaultyOneIsCaught() {
    RaftState s = busy();
    RaftDurable d = new RaftDurable(s.term, s.votedFor, null, s.log.persistedEntries());
    assertNull(RaftDurableInvariants.durableDiffers(d));
    assertNull(RaftDurableInvariants.durableDiffers(null), "nothing persisted yet");
    String wrong =
        RaftDurableInvariants.durableDiffers(
            new RaftDurable(
                3, RaftInvariantsTest.server("s2", 1, RaftRole.FOLLOWER).self, null, d.log()),
            (r, sink) -> new RaftDurable(r.term(), null, r.snapshot(), r.log()).fingerprint(sink));
    assertNotNull(wrong);
    assertTrue(wrong.contains("generic encoding"), wrong);
    wrong =
        RaftDurableInvariants.durableDiffers(
            d,
            (r, sink) -> {
              r.fingerprint(sink);
              boolean view = r.log().getClass().getSimpleName().equals("FrozenEntries");
              if (sink instanceof RaftDurableInvariants.Words && view) {
                sink.putLong(1); // the view's words only
              }
            });
    assertNotNull(wrong);
    assertTrue(wrong.contains("in-memory words"), wrong);
  }

  /** A fingerprint that leaves a client command's value out of the explorer's words is caught. */
  @Test
  void aDiskRecordWhoseWordsSkipAValueIsCaught() {
    RaftLog log = new RaftLog(0, 0, java.util.List.of());
    log.append(new RaftEntry(1, new RaftCommand.ClientCommand(S2, 1, "put", "x", "1")));
    RaftDurable d = new RaftDurable(1, null, null, log.persistedEntries());
    assertNull(RaftDurableInvariants.durableDiffers(d));
    String wrong =
        RaftDurableInvariants.durableDiffers(
            d,
            (r, sink) -> {
              if (!(sink instanceof RaftDurableInvariants.Words)) {
                r.fingerprint(sink);
                return;
              }
              java.util.List<RaftEntry> blanked = new java.util.ArrayList<>();
              for (RaftEntry e : r.log()) {
                blanked.add(
                    e.command() instanceof RaftCommand.ClientCommand c
                        ? new RaftEntry(
                            e.term(),
                            new RaftCommand.ClientCommand(c.client(), c.seq(), c.f(), c.key(), ""))
                        : e);
              }
              new RaftDurable(r.term(), r.votedFor(), r.snapshot(), blanked).fingerprint(sink);
            });
    assertNotNull(wrong);
    assertTrue(wrong.contains("same in-memory words"), wrong);
  }

  /** A copy made by rebuilding from the entries is independent: it keeps the checks. */
  @Test
  void aRebuiltLogKeepsTheChecks() {
    UnaryOperator<RaftLog> rebuilt = l -> new RaftLog(l.baseIndex(), l.baseTerm(), l.entries());
    assertNull(RaftCopyWriteInvariants.logDiffers(busy().log, rebuilt));
  }
}
