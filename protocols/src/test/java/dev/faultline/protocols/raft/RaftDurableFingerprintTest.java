package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.Hasher;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RaftDurable#fingerprint}, written by hand for the explorer, writes exactly the bytes of
 * the generic record encoding ({@code Fingerprints.put}), for every kind of entry, with and without
 * a vote and a snapshot, over a persisted log view and over a plain list.
 */
class RaftDurableFingerprintTest {
  private static final NodeId S1 = NodeId.of("s1");
  private static final NodeId S2 = NodeId.of("s2");

  @Test
  void handWrittenBytesAreTheGenericRecordsBytes() {
    List<RaftEntry> entries =
        List.of(
            new RaftEntry(1, new RaftCommand.NoOp()),
            new RaftEntry(1, new RaftCommand.ClientCommand(NodeId.of("c1"), 3, "put", "x", "v")),
            new RaftEntry(2, new RaftCommand.ClientCommand(NodeId.of("c2"), 1, "get", "x", null)),
            new RaftEntry(2, new RaftCommand.ConfigCommand(Membership.of(List.of(S1, S2)))),
            new RaftEntry(3, new RaftCommand.NoOp()));
    RaftSnapshot snapshot =
        new RaftSnapshot(
            4,
            2,
            Membership.of(List.of(S1, S2)),
            ImmutableSortedMap.of("x", "v"),
            ImmutableSortedMap.of());
    List<RaftDurable> durables = new ArrayList<>();
    for (int n = 0; n <= entries.size(); n++) {
      RaftLog log = new RaftLog(0, 0, entries.subList(0, n));
      List<RaftEntry> persisted = log.persistedEntries();
      durables.add(new RaftDurable(n, n % 2 == 0 ? null : S2, null, persisted));
      durables.add(new RaftDurable(n, S1, snapshot, persisted));
      durables.add(new RaftDurable(n, S1, null, List.copyOf(entries.subList(0, n))));
    }
    for (RaftDurable d : durables) {
      Hasher own = Fingerprints.hashFunction().newHasher();
      d.fingerprint(own);
      assertEquals(Fingerprints.of(d), own.hash().asLong(), d.toString());
    }
  }
}
