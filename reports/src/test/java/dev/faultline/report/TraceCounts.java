package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts computed straight from trace lines, independently of the report code, to check what the
 * page says it drew: arrows (sends plus duplicate copies), lifelines, client operations.
 */
final class TraceCounts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One arrow: from/to, send tick and end tick (-1 when it never arrived or was lost). */
  record Arrow(String from, String to, long sendTick, long endTick) {}

  final Map<Long, Arrow> arrows = new HashMap<>();
  final Set<String> lifelines = new TreeSet<>();
  int invokes;

  TraceCounts(List<String> lines) {
    try {
      for (String line : lines) {
        JsonNode e = JSON.readTree(line);
        String kind = e.get("kind").asText();
        long tick = e.get("tick").asLong();
        for (String f : List.of("from", "to", "node")) {
          if (e.hasNonNull(f)) {
            lifelines.add(e.get(f).asText());
          }
        }
        if (e.has("nodes")) {
          e.get("nodes").forEach(n -> lifelines.add(n.asText()));
        }
        switch (kind) {
          case "send" ->
              arrows.put(
                  e.get("msgId").asLong(),
                  new Arrow(e.get("from").asText(), e.get("to").asText(), tick, -1));
          case "duplicate" -> {
            Arrow a = arrows.get(e.get("msgId").asLong());
            arrows.put(e.get("copyId").asLong(), new Arrow(a.from(), a.to(), a.sendTick(), -1));
          }
          case "deliver", "drop" -> {
            long id = e.get("msgId").asLong();
            Arrow a = arrows.get(id);
            arrows.put(id, new Arrow(a.from(), a.to(), a.sendTick(), tick));
          }
          case "history" -> {
            JsonNode h = e.get("event");
            lifelines.add("c" + (h.get("process").asInt() + 1));
            if (h.get("type").asText().equals("invoke")) {
              invokes++;
            }
          }
          default -> {}
        }
      }
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** Arrows touching [t0, t1] whose endpoints are not hidden. */
  long arrowsIn(double t0, double t1, Set<String> hidden) {
    return arrows.values().stream()
        .filter(a -> !hidden.contains(a.from()) && !hidden.contains(a.to()))
        .filter(a -> a.sendTick() <= t1 && (a.endTick() < 0 ? a.sendTick() : a.endTick()) >= t0)
        .count();
  }
}
