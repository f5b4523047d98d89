package dev.faultline.check;

/**
 * The value of one key in the kv model, as a rope: an earlier value plus an appended piece. An
 * append costs O(piece) instead of copying the whole string, which matters because the search tries
 * appends from many states. Equality is exact (same text); it is decided in O(1) when the length or
 * either of two incremental hashes differs, and by comparing text only when they all agree. {@code
 * javaHash} is {@link String#hashCode()} of the text, kept incrementally, so a get's result (a
 * String, whose hash Java caches) is rejected in O(1) too.
 */
final class KvValue {
  static final KvValue EMPTY = new KvValue(null, "", 0, 0, 0, "");

  /** The kv model's unobservable state (see {@link Model#unobservable()}); equal only to itself. */
  static final KvValue UNOBSERVABLE =
      new KvValue(null, "", -1, 0, 0, "<overwritten before any read>");

  private static final long BASE64 = 0x100000001B3L;

  private final KvValue base;
  private final String piece;
  private final int length;
  private final int javaHash;
  private final long hash64;
  private String text; // materialised lazily, then cached

  private KvValue(KvValue base, String piece, int length, int javaHash, long hash64, String text) {
    this.base = base;
    this.piece = piece;
    this.length = length;
    this.javaHash = javaHash;
    this.hash64 = hash64;
    this.text = text;
  }

  static KvValue of(String s) {
    return EMPTY.append(s);
  }

  KvValue append(String piece) {
    if (piece.isEmpty()) {
      return this;
    }
    int jh = javaHash;
    long h = hash64;
    for (int i = 0; i < piece.length(); i++) {
      char c = piece.charAt(i);
      jh = 31 * jh + c;
      h = h * BASE64 + c + 1;
    }
    KvValue b = length == 0 ? null : this;
    return new KvValue(b, piece, length + piece.length(), jh, h, b == null ? piece : null);
  }

  int length() {
    return length;
  }

  /** Whether this value's text equals {@code s}. */
  boolean textEquals(String s) {
    return s.length() == length && s.hashCode() == javaHash && text().equals(s);
  }

  /**
   * False only if this value is certainly not a prefix of {@code s}: compares the length and the
   * Java hash of {@code s}'s prefix (a true prefix always matches, so this never errs towards
   * false).
   */
  boolean mayBePrefixOf(String s) {
    if (this == UNOBSERVABLE || length > s.length()) {
      return false;
    }
    return prefixHash(s, length) == javaHash;
  }

  /**
   * {@code s.substring(0, n).hashCode()} without the copy, four characters per round: the same
   * arithmetic (mod 2^32) as the one-character loop, without its chain of dependent multiplies (the
   * look-ahead for dead reads hashes a read's prefix for every new state it tries).
   */
  static int prefixHash(String s, int n) {
    int h = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      h = P4 * h + P3 * s.charAt(i) + P2 * s.charAt(i + 1) + 31 * s.charAt(i + 2) + s.charAt(i + 3);
    }
    for (; i < n; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h;
  }

  private static final int P2 = 31 * 31;
  private static final int P3 = 31 * P2;
  private static final int P4 = 31 * P3;

  String text() {
    String t = text;
    if (t == null) {
      // Iterate (no recursion): histories can append thousands of times to one key.
      java.util.ArrayDeque<String> pieces = new java.util.ArrayDeque<>();
      KvValue v = this;
      while (v.text == null) {
        pieces.push(v.piece);
        v = v.base;
      }
      StringBuilder sb = new StringBuilder(length);
      sb.append(v.text);
      while (!pieces.isEmpty()) {
        sb.append(pieces.pop());
      }
      t = sb.toString();
      text = t;
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvValue v
        && (v == this || (v != UNOBSERVABLE && this != UNOBSERVABLE))
        && v.length == length
        && v.javaHash == javaHash
        && v.hash64 == hash64
        && (v == this || v.text().equals(text()));
  }

  @Override
  public int hashCode() {
    return (int) (hash64 ^ (hash64 >>> 32));
  }

  @Override
  public String toString() {
    return text();
  }
}
