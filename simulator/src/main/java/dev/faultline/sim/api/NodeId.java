package dev.faultline.sim.api;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a node (server, client, view server, admin). Ordered "naturally" so that s2 sorts
 * before s10: everything that iterates over nodes iterates in this order, never in hash order.
 */
public record NodeId(String name) implements Comparable<NodeId> {
  private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Pattern PREFIX_NUMBER = Pattern.compile("([A-Za-z_-]*)(\\d+)");

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

  @Override
  public int compareTo(NodeId other) {
    Matcher a = PREFIX_NUMBER.matcher(name);
    Matcher b = PREFIX_NUMBER.matcher(other.name);
    if (a.matches() && b.matches() && a.group(1).equals(b.group(1))) {
      int byNumber = Long.compare(Long.parseLong(a.group(2)), Long.parseLong(b.group(2)));
      if (byNumber != 0) {
        return byNumber;
      }
    }
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
