package dev.faultline.scenario.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Every node's state after a run's first K trace events, read back from its states.jsonl. */
final class RunStates {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunStates() {}

  /**
   * The states after the steps that start before event {@code events} (a step that starts inside
   * the prefix counts whole, as the simulator records a state after the whole step).
   */
  static Map<String, JsonNode> after(Path statesJsonl, long events) throws Exception {
    Map<String, JsonNode> states = new TreeMap<>();
    for (String line : Files.readAllLines(statesJsonl)) {
      JsonNode step = JSON.readTree(line);
      if (step.get("i").asLong() >= events) {
        break;
      }
      step.get("changed").properties().forEach(e -> states.put(e.getKey(), e.getValue()));
    }
    return states;
  }
}
