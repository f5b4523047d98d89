package dev.faultline.scenario.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The seeds of a campaign that ended in a declared progress limit, grouped by reason: the limit's
 * sentence with its particulars (node names, view and term numbers) replaced by placeholders, so
 * "vs: primary s2 of view 7(s2,s3) failed before acknowledging it" and the same with s1 and view 4
 * count as one reason. Tells a user which limits dominate, i.e. where the swarm wastes seeds.
 */
public final class LimitReasons {
  private static final Pattern VIEW = Pattern.compile("\\b\\d+\\([^)]*\\)");
  private static final Pattern NODE = Pattern.compile("\\b[a-z]+\\d+\\b");
  private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");

  private LimitReasons() {}

  /** The reason of one limit sentence: particulars replaced by placeholders. */
  public static String reason(String limit) {
    String r = VIEW.matcher(limit).replaceAll("V");
    r = NODE.matcher(r).replaceAll("N");
    return NUMBER.matcher(r).replaceAll("#");
  }

  /** Seeds per reason, most frequent first (ties in reason order). */
  public static List<Map.Entry<String, Integer>> count(List<SeedOutcome> limited) {
    TreeMap<String, Integer> byReason = new TreeMap<>();
    for (SeedOutcome o : limited) {
      byReason.merge(reason(o.livenessLimit()), 1, Integer::sum);
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(byReason.entrySet());
    sorted.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
    return sorted;
  }

  /** Writes the counts of {@link #count} into {@code json}, reason to seeds. */
  public static void putCounts(ObjectNode json, List<SeedOutcome> limited) {
    count(limited).forEach(e -> json.put(e.getKey(), e.getValue()));
  }

  /** One line for the human summary, e.g. "LIVENESS_LIMIT reasons: 12 x vs: ...; 3 x ...". */
  public static String line(List<SeedOutcome> limited) {
    StringBuilder b = new StringBuilder("LIVENESS_LIMIT reasons:");
    String sep = " ";
    for (Map.Entry<String, Integer> e : count(limited)) {
      b.append(sep).append(e.getValue()).append(" x ").append(e.getKey());
      sep = "; ";
    }
    return b.toString();
  }
}
