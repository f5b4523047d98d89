package dev.faultline.sim.explore;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.InMemorySink;
import dev.faultline.sim.api.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * A fast in-memory 128-bit hash for search-state identity (visited set, no-op pruning, determinism
 * checks). Each put is one 64-bit word mixed into two independent lanes; strings are hashed as
 * their chars, four to a word. It is NOT the pinned {@code Fingerprints} hash: its values never
 * leave the process, so it may change between versions. Anything that must be stable across runs or
 * orders things (envelope and timer order, counterexample keys) keeps using {@code Fingerprints}.
 * Profiling showed Guava's streaming Murmur3 (byte buffers, UTF-8 encoding) was the largest single
 * cost of the search.
 */
final class FastSink implements InMemorySink {
  private static final long P1 = 0x9E3779B97F4A7C15L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;

  private static final long H1 = 0x243F6A8885A308D3L;
  private static final long H2 = 0x13198A2E03707344L;

  private long h1 = H1;
  private long h2 = H2;

  /** Forgets everything put so far: this sink, as a new one. */
  FastSink reset() {
    h1 = H1;
    h2 = H2;
    return this;
  }

  /** Mixes one word into both lanes (different multipliers and rotations). */
  FastSink word(long w) {
    h1 = Long.rotateLeft(h1 ^ (w * P1), 27) * P2 + P3;
    h2 = Long.rotateLeft(h2 + (w * P2), 31) * P1 ^ P3;
    return this;
  }

  /** The low 64 bits of the hash of everything put so far. */
  long low() {
    return fmix(h1 ^ Long.rotateLeft(h2, 17));
  }

  /** The high 64 bits (an independent mix of the two lanes). */
  long high() {
    return fmix(h2 ^ Long.rotateLeft(h1, 41) ^ P1);
  }

  /** Murmur3's 64-bit finalizer (the pinned envelope hash uses it too). */
  static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }

  @Override
  public PrimitiveSink putByte(byte b) {
    return word(b);
  }

  @Override
  public PrimitiveSink putBytes(byte[] bytes) {
    return putBytes(bytes, 0, bytes.length);
  }

  @Override
  public PrimitiveSink putBytes(byte[] bytes, int off, int len) {
    word(len);
    long w = 0;
    int k = 0;
    for (int i = off; i < off + len; i++) {
      w = (w << 8) | (bytes[i] & 0xFF);
      if (++k == 8) {
        word(w);
        w = 0;
        k = 0;
      }
    }
    return k == 0 ? this : word(w);
  }

  @Override
  public PrimitiveSink putBytes(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    return putBytes(copy);
  }

  @Override
  public PrimitiveSink putShort(short s) {
    return word(s);
  }

  @Override
  public PrimitiveSink putInt(int i) {
    return word(i);
  }

  @Override
  public PrimitiveSink putLong(long l) {
    return word(l);
  }

  @Override
  public PrimitiveSink putFloat(float f) {
    return word(Float.floatToRawIntBits(f));
  }

  @Override
  public PrimitiveSink putDouble(double d) {
    return word(Double.doubleToRawLongBits(d));
  }

  @Override
  public PrimitiveSink putBoolean(boolean b) {
    return word(b ? 1 : 0);
  }

  @Override
  public PrimitiveSink putChar(char c) {
    return word(c);
  }

  @Override
  public PrimitiveSink putUnencodedChars(CharSequence cs) {
    int n = cs.length();
    word(n);
    long w = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      w = (w << 16) | cs.charAt(i);
      if (++k == 4) {
        word(w);
        w = 0;
        k = 0;
      }
    }
    return k == 0 ? this : word(w);
  }

  /**
   * A name of up to seven ASCII chars as one word: a 1 bit, then a byte per char, so the word is at
   * least 256 (never a type tag of the canonical encoding, which starts with a byte below 17, such
   * as the 6 a longer name falls back to) and different names give different words.
   */
  @Override
  public PrimitiveSink putNodeId(NodeId id) {
    String name = id.name();
    int n = name.length();
    if (n > 7) {
      Fingerprints.putNodeCanonically(this, id);
      return this;
    }
    long w = 1;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c > 0x7F) {
        Fingerprints.putNodeCanonically(this, id);
        return this;
      }
      w = (w << 8) | c;
    }
    return word(w);
  }

  /**
   * In-memory only, so the chars themselves identify the string whatever the charset. A string
   * longer than {@link #MEMO_MIN_CHARS} chars (class names: every record, enum and log entry writes
   * one) is written as its length and one 64-bit hash of its chars, remembered per string instance,
   * instead of a word per four chars.
   */
  @Override
  public PrimitiveSink putString(CharSequence cs, Charset charset) {
    if (cs.length() <= MEMO_MIN_CHARS || !(cs instanceof String s)) {
      return putUnencodedChars(cs);
    }
    word(s.length());
    return word(charsHash(s));
  }

  static final int MEMO_MIN_CHARS = 12;
  private static final int MEMO_SLOTS = 512; // a power of two
  // Direct-mapped by identity hash; entries are immutable, so racing threads at worst recompute.
  private static final StringHash[] MEMO = new StringHash[MEMO_SLOTS];

  private record StringHash(String string, long hash) {}

  /** A hash of {@code s}'s chars (a function of its content), remembered for this instance. */
  private static long charsHash(String s) {
    int slot = System.identityHashCode(s) & (MEMO_SLOTS - 1);
    StringHash known = MEMO[slot];
    if (known != null && known.string == s) {
      return known.hash;
    }
    FastSink h = new FastSink();
    h.putUnencodedChars(s);
    long hash = h.low();
    MEMO[slot] = new StringHash(s, hash);
    return hash;
  }
}
