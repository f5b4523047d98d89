package dev.faultline.protocols.raft;

import com.google.common.hash.Hasher;
import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.InMemorySink;
import dev.faultline.sim.api.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The fingerprint of a server's disk record ({@link RaftDurable}), part of the {@code checkCopies}
 * check on the server it checks: the explorer tells states apart by it, a fuzz run never computes
 * it. Written by hand, it must write the generic encoding of the record's fields, over the
 * persisted log view the server keeps and over a plain list of the same entries alike; and to the
 * explorer's in-memory sink the view and an equal plain list (a record the symmetry reduction
 * rebuilt) must write the same words.
 */
final class RaftDurableInvariants {
  private RaftDurableInvariants() {}

  /** Null if the record fingerprints as it must, else what differs. */
  static String durableDiffers(Durable durable) {
    return durableDiffers(durable, RaftDurable::fingerprint);
  }

  /** As above, with the fingerprint under test given (a test plants a faulty one). */
  static String durableDiffers(Durable durable, BiConsumer<RaftDurable, PrimitiveSink> print) {
    if (!(durable instanceof RaftDurable d)) {
      return null; // nothing persisted yet
    }
    RaftDurable plain = new RaftDurable(d.term(), d.votedFor(), d.snapshot(), List.copyOf(d.log()));
    if (handWritten(d, print) != Fingerprints.of(d)
        || handWritten(plain, print) != Fingerprints.of(plain)) {
      return "its disk record's fingerprint is not the generic encoding of its fields (" + d + ")";
    }
    Words view = new Words();
    print.accept(d, view);
    Words list = new Words();
    print.accept(plain, list);
    if (!view.words.toString().equals(list.words.toString())) {
      return "its disk record writes other in-memory words over its persisted log than over an"
          + " equal list";
    }
    return changedEntryWritesOtherWords(plain, list.words.toString(), print);
  }

  /**
   * The newest client command and configuration entry of the record, each field changed in turn:
   * the in-memory words must change too (else the explorer merges two different disks).
   */
  private static String changedEntryWritesOtherWords(
      RaftDurable d, String words, BiConsumer<RaftDurable, PrimitiveSink> print) {
    List<RaftEntry> log = d.log();
    for (Class<?> kind :
        List.of(RaftCommand.ClientCommand.class, RaftCommand.ConfigCommand.class)) {
      int k = log.size() - 1;
      while (k >= 0 && !kind.isInstance(log.get(k).command())) {
        k--;
      }
      if (k < 0) {
        continue;
      }
      for (RaftCommand changed : changes(log.get(k).command())) {
        List<RaftEntry> other = new ArrayList<>(log);
        other.set(k, new RaftEntry(log.get(k).term(), changed));
        Words w = new Words();
        print.accept(new RaftDurable(d.term(), d.votedFor(), d.snapshot(), other), w);
        if (w.words.toString().equals(words)) {
          return "its disk record writes the same in-memory words with "
              + changed
              + " at log slot "
              + k;
        }
      }
    }
    return null;
  }

  private static List<RaftCommand> changes(RaftCommand command) {
    return switch (command) {
      case RaftCommand.ClientCommand c ->
          List.of(
              new RaftCommand.ClientCommand(GHOST, c.seq(), c.f(), c.key(), c.value()),
              new RaftCommand.ClientCommand(c.client(), c.seq(), c.f() + "~", c.key(), c.value()),
              new RaftCommand.ClientCommand(c.client(), c.seq(), c.f(), c.key() + "~", c.value()),
              new RaftCommand.ClientCommand(c.client(), c.seq(), c.f(), c.key(), c.value() + "~"));
      case RaftCommand.ConfigCommand c ->
          List.of(new RaftCommand.ConfigCommand(Membership.of(List.of(GHOST))));
      case RaftCommand.NoOp n -> List.of();
    };
  }

  private static final NodeId GHOST = NodeId.of("copy-check");

  private static long handWritten(RaftDurable d, BiConsumer<RaftDurable, PrimitiveSink> print) {
    Hasher h = Fingerprints.hashFunction().newHasher();
    print.accept(d, h);
    return h.hash().asLong();
  }

  /** An in-memory sink that keeps every word written to it, each tagged with its kind. */
  static final class Words implements InMemorySink {
    final StringBuilder words = new StringBuilder();

    private Words word(char kind, Object value) {
      words.append(kind).append(value).append(' ');
      return this;
    }

    @Override
    public PrimitiveSink putNodeId(NodeId id) {
      return word('N', id.name());
    }

    @Override
    public PrimitiveSink putByte(byte b) {
      return word('b', b);
    }

    @Override
    public PrimitiveSink putBytes(byte[] bytes) {
      return word('B', Arrays.toString(bytes));
    }

    @Override
    public PrimitiveSink putBytes(byte[] bytes, int off, int len) {
      return putBytes(Arrays.copyOfRange(bytes, off, off + len));
    }

    @Override
    public PrimitiveSink putBytes(ByteBuffer bytes) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      return putBytes(copy);
    }

    @Override
    public PrimitiveSink putShort(short s) {
      return word('s', s);
    }

    @Override
    public PrimitiveSink putInt(int i) {
      return word('i', i);
    }

    @Override
    public PrimitiveSink putLong(long l) {
      return word('l', l);
    }

    @Override
    public PrimitiveSink putFloat(float f) {
      return word('f', f);
    }

    @Override
    public PrimitiveSink putDouble(double d) {
      return word('d', d);
    }

    @Override
    public PrimitiveSink putBoolean(boolean b) {
      return word('z', b);
    }

    @Override
    public PrimitiveSink putChar(char c) {
      return word('c', c);
    }

    @Override
    public PrimitiveSink putUnencodedChars(CharSequence chars) {
      return word('u', chars);
    }

    @Override
    public PrimitiveSink putString(CharSequence chars, Charset charset) {
      return word('S', chars);
    }
  }
}
