package dev.faultline.sim.api;

import com.google.common.hash.PrimitiveSink;

/**
 * A sink whose hash never leaves the process: the explorer's state identity (visited set, no-op
 * pruning, determinism checks). {@link Fingerprints#putNode} writes a node id to it as one word
 * instead of its canonical bytes (a state names a node up to twenty times, and each name was four
 * words to mix); every other value is written as everywhere else. Equal values still write equal
 * words and different values different ones, so state identities stay exact (up to the hash).
 */
public interface InMemorySink extends PrimitiveSink {
  /** Writes {@code id} (not null) as one word, or its canonical bytes when it does not fit one. */
  PrimitiveSink putNodeId(NodeId id);
}
