package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShiVizExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void vectorClocksRespectHappensBeforeAndTheRegexParsesEveryEvent() throws Exception {
    List<String> trace = SyntheticTrace.lines(13, 120);
    Path log = dir.resolve("t.log");
    long n = ShiVizExport.write(trace, log);
    String text = Files.readString(log);
    // ShiViz applies the regex repeatedly over the whole log; every event must match, in order.
    Matcher m = Pattern.compile(ShiVizExport.REGEX).matcher(text);
    Map<String, Long> own = new HashMap<>();
    Map<String, JsonNode> sendClock = new HashMap<>();
    long matched = 0;
    long delivers = 0;
    while (m.find()) {
      matched++;
      String host = m.group("host");
      JsonNode clock = JSON.readTree(m.group("clock"));
      // Each event ticks its host's own entry by exactly one.
      long mine = clock.get(host).asLong();
      assertEquals(
          own.getOrDefault(host, 0L) + 1, mine, "host " + host + " at " + m.group("event"));
      own.put(host, mine);
      Matcher send = Pattern.compile("^t=\\d+ send #(\\d+) ").matcher(m.group("event"));
      if (send.find()) {
        sendClock.put(send.group(1), clock);
      }
      Matcher deliver = Pattern.compile("^t=\\d+ deliver #(\\d+) ").matcher(m.group("event"));
      if (deliver.find() && sendClock.containsKey(deliver.group(1))) {
        delivers++;
        // A delivery happens after its send: its clock dominates the send's clock.
        JsonNode sent = sendClock.get(deliver.group(1));
        sent.fieldNames()
            .forEachRemaining(
                h -> assertTrue(clock.path(h).asLong() >= sent.get(h).asLong(), "merged " + h));
      }
    }
    assertEquals(n, matched);
    assertTrue(delivers > 50, "deliveries matched to sends: " + delivers);
    long hostEvents =
        trace.stream()
            .filter(
                l ->
                    l.matches(
                        ".*\"kind\":\"(send|deliver|timer|crash|restart|persist|clock|annotate|history)\".*"))
            .count();
    assertEquals(hostEvents, n);
  }
}
