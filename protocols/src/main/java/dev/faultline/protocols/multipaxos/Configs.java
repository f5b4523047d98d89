package dev.faultline.protocols.multipaxos;

import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.sim.api.NodeId;
import java.util.TreeMap;

/**
 * The acceptor configurations of a replica's slots (PMMC reconfiguration): slot to the acceptor set
 * that decides it from that slot on. A configuration command executed in slot s takes effect at s +
 * WINDOW, so a replica that proposes only below slot_out + WINDOW always knows the configuration of
 * the slots it proposes in. One change at a time: a command executed while an earlier change has
 * not yet taken effect is refused, with the reason, so every replica (running the same commands in
 * the same order) makes the same choice.
 */
final class Configs {
  private Configs() {}

  /** The configurations at the start: {@code members} from slot 1. */
  static TreeMap<Long, ImmutableSortedSet<NodeId>> initial(ImmutableSortedSet<NodeId> members) {
    TreeMap<Long, ImmutableSortedSet<NodeId>> c = new TreeMap<>();
    c.put(1L, members);
    return c;
  }

  /** The acceptors that decide {@code slot}. */
  static ImmutableSortedSet<NodeId> at(
      TreeMap<Long, ImmutableSortedSet<NodeId>> configs, long slot) {
    return configs.floorEntry(slot).getValue();
  }

  /**
   * Runs a configuration command executed in {@code slot}: records {@code members} from slot +
   * {@code window} and returns null, or returns why it is refused (nothing recorded).
   */
  static String run(
      TreeMap<Long, ImmutableSortedSet<NodeId>> configs,
      long slot,
      int window,
      ImmutableSortedSet<NodeId> members) {
    long pending = configs.lastKey();
    if (pending > slot) {
      return "refused: the change to "
          + configs.get(pending)
          + " takes effect at slot "
          + pending
          + ", after this one ("
          + slot
          + ")";
    }
    configs.put(slot + window, members);
    return null;
  }

  /** A configuration command's members, as its value carries them ("s1,s2,s3"). */
  static ImmutableSortedSet<NodeId> members(String value) {
    ImmutableSortedSet.Builder<NodeId> b = ImmutableSortedSet.naturalOrder();
    for (String name : value.split(",")) {
      b.add(NodeId.of(name.trim()));
    }
    return b.build();
  }

  /** How many of {@code votes} are members. */
  static int counted(ImmutableSortedSet<NodeId> members, java.util.Set<NodeId> votes) {
    int n = 0;
    for (NodeId v : votes) {
      if (members.contains(v)) {
        n++;
      }
    }
    return n;
  }
}
