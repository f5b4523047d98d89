package dev.faultline.sim.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a node (server, client, view server, admin). Ordered "naturally" so that s2 sorts
 * before s10: everything that iterates over nodes iterates in this order, never in hash order.
 */
public record NodeId(String name) implements Comparable<NodeId> {
  private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  public NodeId {
    Objects.requireNonNull(name, "name");
    if (!VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "node name '" + name + "' must start with a letter and use only letters, digits, _ or -");
    }
  }

  public static NodeId of(String name) {
    return new NodeId(name);
  }

  /**
   * The record's equality (equal names), written out: the generated one goes through a method
   * handle that was ~1 % of a fuzz seed (quorum counts and broadcasts compare every member with the
   * server itself). The hash code stays the generated one.
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof NodeId other && name.equals(other.name));
  }

  @Override
  public int compareTo(NodeId other) {
    // Same order as matching ([A-Za-z_-]*)(\d+) on both names, without a regex: this comparison
    // runs inside every TreeMap keyed by node, which made it a hot spot of the explorer.
    if (name.equals(other.name)) {
      return 0; // the common case inside TreeMap lookups
    }
    if (name.length() == other.name.length()) {
      // Equal lengths: a shared prefix then digits compares by number exactly as by text, and
      // any other pair of names compares by text below anyway. (s1/s2/s3, c1/c2: most lookups.)
      return name.compareTo(other.name);
    }
    int a = digitsStart(name);
    int b = digitsStart(other.name);
    if (a >= 0 && b >= 0 && a == b && name.regionMatches(0, other.name, 0, a)) {
      int byNumber = Long.compare(number(name, a), number(other.name, b));
      if (byNumber != 0) {
        return byNumber;
      }
    }
    return name.compareTo(other.name);
  }

  /** The trailing number from {@code from} on, parsed without allocating (as Long.parseLong). */
  private static long number(String s, int from) {
    if (s.length() - from > 18) {
      return Long.parseLong(s.substring(from)); // may overflow: keep parseLong's behaviour
    }
    long n = 0;
    for (int i = from; i < s.length(); i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  /** Where the trailing number starts when the name is letters/_/- then digits only, else -1. */
  private static int digitsStart(String s) {
    int i = 0;
    int n = s.length();
    while (i < n && !isDigit(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return -1;
    }
    for (int j = i; j < n; j++) {
      if (!isDigit(s.charAt(j))) {
        return -1;
      }
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  @Override
  public String toString() {
    return name;
  }
}
