package dev.faultline.scenario.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a fuzz campaign covered, as counts only, so that shards' statistics add up exactly to the
 * unsharded campaign's ({@link #plus}): seeds by outcome, progress-limit reasons, fault kinds
 * switched on, faults scheduled by type, and events per seed (total, min, max and a histogram in
 * power-of-two buckets).
 *
 * @param outcomes seeds by outcome: "pass", "inconclusive", "LIVENESS_LIMIT" or the violated
 *     property's name
 * @param progressLimits seeds ending in Liveness inside a declared progress limit, by the limit's
 *     sentence without the node that declared it and with numbers masked as "#" ({@link #reason})
 * @param faultKinds seeds by swarm fault kind switched on (lower case, e.g. "partition")
 * @param faultTypes faults scheduled across all seeds, by scenario fault type (e.g. "crash")
 * @param eventsHistogram seeds by events run, keyed by the bucket's lower bound: a power of two
 *     (events in [b, 2b)), or 0 for none
 */
public record CampaignStats(
    long seeds,
    SortedMap<String, Long> outcomes,
    SortedMap<String, Long> progressLimits,
    SortedMap<String, Long> faultKinds,
    SortedMap<String, Long> faultTypes,
    long eventsTotal,
    long eventsMin,
    long eventsMax,
    SortedMap<Long, Long> eventsHistogram) {

  public static final String PASS = "pass";
  public static final String INCONCLUSIVE = "inconclusive";
  public static final String LIVENESS_LIMIT = "LIVENESS_LIMIT";

  public CampaignStats {
    outcomes = frozen(outcomes);
    progressLimits = frozen(progressLimits);
    faultKinds = frozen(faultKinds);
    faultTypes = frozen(faultTypes);
    eventsHistogram = frozen(eventsHistogram);
  }

  private static <K> SortedMap<K, Long> frozen(SortedMap<K, Long> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }

  public static CampaignStats of(List<SeedOutcome> outcomes) {
    SortedMap<String, Long> byOutcome = new TreeMap<>();
    SortedMap<String, Long> limits = new TreeMap<>();
    SortedMap<String, Long> kinds = new TreeMap<>();
    SortedMap<String, Long> types = new TreeMap<>();
    SortedMap<Long, Long> histogram = new TreeMap<>();
    long total = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    for (SeedOutcome o : outcomes) {
      byOutcome.merge(outcome(o), 1L, Long::sum);
      if (o.atLivenessLimit()) {
        limits.merge(reason(o.livenessLimit()), 1L, Long::sum);
      }
      o.faultKinds().forEach(k -> kinds.merge(k, 1L, Long::sum));
      o.faultTypes().forEach((t, n) -> types.merge(t, (long) n, Long::sum));
      histogram.merge(Long.highestOneBit(o.events()), 1L, Long::sum);
      total += o.events();
      min = Math.min(min, o.events());
      max = Math.max(max, o.events());
    }
    return new CampaignStats(
        outcomes.size(),
        byOutcome,
        limits,
        kinds,
        types,
        total,
        outcomes.isEmpty() ? 0 : min,
        max,
        histogram);
  }

  /** The outcome a seed is counted under. */
  static String outcome(SeedOutcome o) {
    if (o.atLivenessLimit()) {
      return LIVENESS_LIMIT;
    }
    if (o.property() != null) {
      return o.property();
    }
    return o.inconclusive() ? INCONCLUSIVE : PASS;
  }

  /**
   * The kind of limit, not its instance: "vs: primary s1 of view 5 failed" becomes "primary s# of
   * view # failed", so the same limit hit on any node, in any view or term, counts as one reason.
   */
  static String reason(String limit) {
    int colon = limit.indexOf(": ");
    return (colon < 0 ? limit : limit.substring(colon + 2)).replaceAll("[0-9]+", "#");
  }

  /** The statistics of both campaigns together (disjoint seed sets, e.g. two shards). */
  public CampaignStats plus(CampaignStats o) {
    return new CampaignStats(
        seeds + o.seeds,
        sum(outcomes, o.outcomes),
        sum(progressLimits, o.progressLimits),
        sum(faultKinds, o.faultKinds),
        sum(faultTypes, o.faultTypes),
        eventsTotal + o.eventsTotal,
        seeds == 0 ? o.eventsMin : o.seeds == 0 ? eventsMin : Math.min(eventsMin, o.eventsMin),
        Math.max(eventsMax, o.eventsMax),
        sum(eventsHistogram, o.eventsHistogram));
  }

  private static <K> SortedMap<K, Long> sum(SortedMap<K, Long> a, SortedMap<K, Long> b) {
    SortedMap<K, Long> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }

  public double eventsMean() {
    return seeds == 0 ? 0 : (double) eventsTotal / seeds;
  }

  /** {@code "stats"} in fuzz's and merge's {@code --json}. */
  public ObjectNode toNode() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("seeds", seeds);
    putCounts(o.putObject("outcomes"), outcomes);
    putCounts(o.putObject("progressLimits"), progressLimits);
    putCounts(o.putObject("faultKinds"), faultKinds);
    putCounts(o.putObject("faultTypes"), faultTypes);
    ObjectNode events = o.putObject("eventsPerSeed");
    events.put("total", eventsTotal).put("min", eventsMin).put("max", eventsMax);
    events.put("mean", Math.round(eventsMean() * 10) / 10.0);
    ObjectNode histogram = events.putObject("histogram");
    eventsHistogram.forEach((b, n) -> histogram.put(Long.toString(b), n));
    return o;
  }

  private static void putCounts(ObjectNode o, SortedMap<String, Long> counts) {
    counts.forEach(o::put);
  }

  /**
   * Reads {@link #toNode()}'s output back; throws IllegalArgumentException naming the field that is
   * missing or not a count.
   */
  public static CampaignStats fromNode(JsonNode o) {
    JsonNode events = field(o, "eventsPerSeed");
    SortedMap<Long, Long> histogram = new TreeMap<>();
    counts(events, "histogram").forEach((k, v) -> histogram.put(bucket(k), v));
    return new CampaignStats(
        count(o, "seeds"),
        counts(o, "outcomes"),
        counts(o, "progressLimits"),
        counts(o, "faultKinds"),
        counts(o, "faultTypes"),
        count(events, "total"),
        count(events, "min"),
        count(events, "max"),
        histogram);
  }

  private static JsonNode field(JsonNode o, String name) {
    JsonNode v = o == null ? null : o.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("stats." + name + " is missing");
    }
    return v;
  }

  private static long count(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new IllegalArgumentException("stats." + name + " must be a count, was " + v);
    }
    return v.asLong();
  }

  private static SortedMap<String, Long> counts(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isObject()) {
      throw new IllegalArgumentException("stats." + name + " must be an object of counts");
    }
    SortedMap<String, Long> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      out.put(e.getKey(), count(v, e.getKey()));
    }
    return out;
  }

  private static long bucket(String key) {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("stats.eventsPerSeed.histogram key '" + key + "'");
    }
  }

  /** The lines fuzz and merge print under their summary. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("Outcomes: " + joined(outcomes));
    if (!progressLimits.isEmpty()) {
      lines.add("Progress limits (LIVENESS_LIMIT seeds by reason): " + joined(progressLimits));
    }
    lines.add(
        "Fault kinds on (seeds of "
            + seeds
            + "): "
            + (faultKinds.isEmpty() ? "none" : joined(faultKinds)));
    lines.add("Faults scheduled: " + (faultTypes.isEmpty() ? "none" : joined(faultTypes)));
    StringBuilder histogram = new StringBuilder();
    eventsHistogram.forEach(
        (b, n) ->
            histogram
                .append(histogram.isEmpty() ? "" : ", ")
                .append(b == 0 ? "0" : b + "-" + (2 * b - 1))
                .append(": ")
                .append(n));
    lines.add(
        String.format(
            Locale.ROOT,
            "Events per seed: min %d, mean %.0f, max %d; seeds by events: %s",
            eventsMin,
            eventsMean(),
            eventsMax,
            histogram.isEmpty() ? "none" : histogram));
    return lines;
  }

  private static String joined(SortedMap<String, Long> counts) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    // Most frequent first; ties keep name order.
    entries.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Long> e : entries) {
      b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
    }
    return b.toString();
  }
}
