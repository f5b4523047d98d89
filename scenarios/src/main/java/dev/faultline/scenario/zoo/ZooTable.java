package dev.faultline.scenario.zoo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** The zoo's rows as a markdown table and as JSON. */
public final class ZooTable {
  private ZooTable() {}

  public static String markdown(List<ZooRow> rows, String header) {
    StringBuilder b = new StringBuilder(header);
    b.append(
        "| protocol | variant | found | median seeds | median s | property | BFS | BFS steps"
            + " | BFS states | shrunk |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (ZooRow r : rows) {
      long seeds = ZooRow.median(r.seedsToFailure());
      long millis = ZooRow.median(r.millisToFailure());
      ZooRow.Bfs bfs = r.bfs();
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d/%d | %s | %s | %s | %s | %s | %s | %s |%n",
              r.protocol(),
              r.variant(),
              r.found(),
              r.campaigns(),
              seeds < 0 ? "-" : Long.toString(seeds),
              millis < 0 ? "-" : String.format(Locale.ROOT, "%.1f", millis / 1000.0),
              r.property() == null ? "-" : r.property(),
              bfs == null ? "-" : bfs.end().toLowerCase(Locale.ROOT).replace('_', ' '),
              bfs == null || bfs.property() == null ? "-" : Integer.toString(bfs.steps()),
              bfs == null ? "-" : String.format(Locale.ROOT, "%,d", bfs.uniqueStates()),
              r.shrunkSize() < 0 ? "-" : r.sizeBefore() + " → " + r.shrunkSize()));
    }
    return b.toString();
  }

  public static String json(List<ZooRow> rows, ObjectNode settings) {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = m.createObjectNode();
    o.set("settings", settings);
    ArrayNode a = o.putArray("rows");
    for (ZooRow r : rows) {
      ObjectNode n = a.addObject();
      n.put("protocol", r.protocol()).put("variant", r.variant());
      n.put("found", r.found()).put("campaigns", r.campaigns());
      r.seedsToFailure().forEach(n.withArray("seedsToFailure")::add);
      r.millisToFailure().forEach(n.withArray("millisToFailure")::add);
      n.put("medianSeeds", ZooRow.median(r.seedsToFailure()));
      n.put("medianMillis", ZooRow.median(r.millisToFailure()));
      n.put("property", r.property());
      n.put("sizeBefore", r.sizeBefore()).put("shrunkSize", r.shrunkSize());
      if (r.bfs() != null) {
        n.putObject("bfs")
            .put("end", r.bfs().end())
            .put("property", r.bfs().property())
            .put("steps", r.bfs().steps())
            .put("uniqueStates", r.bfs().uniqueStates())
            .put("millis", r.bfs().millis());
      }
    }
    try {
      return m.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
