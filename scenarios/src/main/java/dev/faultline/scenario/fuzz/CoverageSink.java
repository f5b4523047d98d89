package dev.faultline.scenario.fuzz;

import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.rand.Rng;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The abstract protocol states one run passes through, as a sorted set of 64-bit features (what a
 * coverage-guided fuzzer keeps inputs for, as AFL keeps inputs that reach new branch edges).
 * Generic over every protocol: it reads only the annotations nodes make ({@code role}, {@code
 * view}, {@code vote}, {@code limit} and any protocol-specific key), abstracted so that numbers and
 * node names do not make every run look new:
 *
 * <ul>
 *   <li>a value keeps its words and punctuation, every digit run becomes {@code #} ("leader (won
 *       election in term 3)" is "leader (won election in term #)", pb's view "4(s1,s2)" is
 *       "#(s#,s#)"), cut at 60 characters; a node's class is its name so abstracted ({@code s#},
 *       {@code vs}, {@code admin#}), so servers count as one;
 *   <li>the fault condition when it happens: how many nodes are down (0, 1, 2 or more) and whether
 *       any link is cut, read from the trace's crash, restart and partition events.
 * </ul>
 *
 * Features: each (class, key, value, condition) a node reaches; each transition (class, key,
 * previous value, value, condition), a node's previous value forgotten at a crash; and the
 * cluster's role mix (the sorted first words of every up node's role, e.g. "follower follower
 * leader leader", two leaders at once) with the condition. Each feature is counted per run and kept
 * with its count's power-of-two bucket (1, 2, 3, 4-7, ..., 128+), as AFL does with edge hit counts:
 * a run with many elections differs from one with a single election.
 *
 * <p>Cheap by design: the world builds trace events only because this sink is enabled (small
 * records of what already happened); everything but annotations, crashes, restarts and partitions
 * is ignored, and abstractions are cached per raw value.
 */
final class CoverageSink implements TraceSink {
  private static final int VALUE_CHARS_MAX = 60;
  private static final long LABEL = 0x4c4142454cL;
  private static final long TRANSITION = 0x5452414e53L;
  private static final long ROLE_MIX = 0x524f4c4553L;

  private final Map<String, String> abstracted = new HashMap<>();
  private final Map<Long, int[]> counts = new HashMap<>();
  // Per node name: latest abstract value per key, and latest role word (null: down or unknown).
  private final Map<NodeId, Map<String, String>> latest = new HashMap<>();
  private final TreeMap<NodeId, String> roles = new TreeMap<>();
  private final Map<NodeId, Boolean> down = new HashMap<>();
  private int downCount;
  private boolean cut;

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void accept(TraceEvent event) {
    switch (event) {
      case TraceEvent.Annotate a -> annotate(a.node(), a.key(), a.value());
      case TraceEvent.Crash c -> crash(c.node());
      case TraceEvent.Restart r -> restart(r.node());
      case TraceEvent.Partition p -> cut = !p.blocked().isEmpty();
      default -> {}
    }
  }

  private void annotate(NodeId node, String key, String value) {
    String nodeClass = abstracted(node.name());
    String now = abstracted(value == null ? "" : value);
    long condition = condition();
    String before =
        latest.computeIfAbsent(node, n -> new HashMap<>()).put(key, now); // null after boot
    long keyHash = hash(hash(nodeClass.hashCode(), key.hashCode()), now.hashCode());
    count(hash(hash(LABEL, keyHash), condition));
    long from = before == null ? 0 : before.hashCode();
    count(hash(hash(hash(TRANSITION, keyHash), from), condition));
    if (Annotations.ROLE.equals(key)) {
      roles.put(node, firstWord(now));
      countRoleMix();
    }
  }

  private void crash(NodeId node) {
    if (down.put(node, Boolean.TRUE) == null) {
      downCount++;
    }
    latest.remove(node);
    if (roles.remove(node) != null) {
      countRoleMix();
    }
  }

  private void restart(NodeId node) {
    if (down.remove(node) != null) {
      downCount--;
    }
  }

  /** The cluster's role mix: every up node's role word, sorted, with the condition. */
  private void countRoleMix() {
    long mix = ROLE_MIX;
    for (String role : roles.values().stream().sorted().toList()) {
      mix = hash(mix, role.hashCode());
    }
    count(hash(mix, condition()));
  }

  private long condition() {
    return Math.min(downCount, 2) * 2L + (cut ? 1 : 0);
  }

  private void count(long feature) {
    counts.computeIfAbsent(feature, f -> new int[1])[0]++;
  }

  /** The run's features, sorted: each counted feature with the bucket of its count. */
  long[] features() {
    long[] out = new long[counts.size()];
    int i = 0;
    for (Map.Entry<Long, int[]> e : counts.entrySet()) {
      out[i++] = hash(e.getKey(), bucket(e.getValue()[0]));
    }
    Arrays.sort(out); // the map's order is its hash order: sorted, the result is not
    return out;
  }

  /** AFL's hit-count buckets: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+. */
  static int bucket(int count) {
    if (count <= 3) {
      return count;
    }
    if (count < 32) {
      return 31 - Integer.numberOfLeadingZeros(count) + 2; // 4-7: 4, 8-15: 5, 16-31: 6
    }
    return count < 128 ? 7 : 8;
  }

  private String abstracted(String raw) {
    return abstracted.computeIfAbsent(raw, CoverageSink::abstractValue);
  }

  /** Digit runs become {@code #}, cut at 60 characters. */
  static String abstractValue(String raw) {
    StringBuilder b = new StringBuilder(Math.min(raw.length(), VALUE_CHARS_MAX));
    boolean inDigits = false;
    for (int i = 0; i < raw.length() && b.length() < VALUE_CHARS_MAX; i++) {
      char c = raw.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      if (!digit) {
        b.append(c);
      } else if (!inDigits) {
        b.append('#');
      }
      inDigits = digit;
    }
    return b.toString();
  }

  private static String firstWord(String value) {
    int end = 0;
    while (end < value.length() && value.charAt(end) != ' ' && value.charAt(end) != '(') {
      end++;
    }
    return value.substring(0, end);
  }

  private static long hash(long a, long b) {
    return Rng.mix(a * 0x9E3779B97F4A7C15L + b);
  }
}
