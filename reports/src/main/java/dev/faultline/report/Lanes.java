package dev.faultline.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The diagram's lifelines: one per node and per client, servers first, then clients c1..cM. */
final class Lanes {
  private static final Pattern NAMED_NUMBER = Pattern.compile("([^0-9]*)([0-9]+)");
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> names = new ArrayList<>();

  int index(String name) {
    Integer i = index.get(name);
    if (i != null) {
      return i;
    }
    names.add(name);
    index.put(name, names.size() - 1);
    return names.size() - 1;
  }

  List<String> names() {
    return names;
  }

  int size() {
    return names.size();
  }

  static boolean isClient(String name) {
    return name.matches("c[0-9]+");
  }

  /** Lane indices in display order: servers (s2 before s10), then clients, then the rest. */
  List<Integer> displayOrder() {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.<Integer>comparingInt(i -> isClient(names.get(i)) ? 1 : 0)
            .thenComparing(i -> prefix(names.get(i)))
            .thenComparingLong(i -> number(names.get(i)))
            .thenComparing(names::get));
    return order;
  }

  private static String prefix(String name) {
    Matcher m = NAMED_NUMBER.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  private static long number(String name) {
    Matcher m = NAMED_NUMBER.matcher(name);
    if (m.matches() && m.group(2).length() < 18) {
      return Long.parseLong(m.group(2));
    }
    return -1;
  }
}
