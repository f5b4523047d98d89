package dev.faultline.scenario.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.sim.api.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planted-bug leg can fail: a scenario whose bug is not caught as it says, a variant unplanted.
 */
class PlantedBugsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ClusterSpec PB = ProtocolRegistry.DEFAULT.byName("pb");

  @Test
  void picksTheVariantFilesThatExpectAViolation() {
    List<String> names =
        PlantedBugs.scenarios(PlantedBugs.libraryRoot(), "pb").stream()
            .map(p -> p.getFileName().toString())
            .toList();
    assertTrue(names.contains("pb-stale-fast-read-b2.json"), names.toString());
    assertTrue(names.contains("pb-primary-restart-b7.json"), names.toString());
    assertTrue(names.stream().noneMatch(n -> n.equals("pb-stale-fast-read.json")), "correct twin");
  }

  /** B2's file with a wrong property, and every other variant without a file: all reported. */
  @Test
  void aBugCaughtAsAnotherPropertyOrNotPlantedIsAMiss(@TempDir Path tmp) throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("pb"));
    Path b2 = PlantedBugs.libraryRoot().resolve("pb").resolve("pb-stale-fast-read-b2.json");
    ObjectNode n = (ObjectNode) JSON.readTree(b2.toFile());
    n.put("expect", "BackupHasAckedWrites");
    JSON.writeValue(folder.resolve("b2-wrong-property.json").toFile(), n);
    Files.copy(b2, folder.resolve("b2-as-written.json"));

    List<String> misses = PlantedBugs.missed(tmp, PB);

    assertTrue(
        misses.get(0).startsWith("b2-wrong-property.json (B2): expected BackupHasAckedWrites, got"),
        misses.toString());
    assertTrue(misses.get(0).endsWith("Linearizability"), misses.toString());
    // The wrong-property file, and each variant but B2 (no file plants it here).
    assertEquals(1 + PB.variants().size() - 1, misses.size(), misses.toString());
    assertTrue(misses.contains("B1: no library scenario of pb plants it"), misses.toString());
    assertTrue(misses.stream().noneMatch(m -> m.startsWith("B2:")), misses.toString());
  }

  @Test
  void anUnreadableScenarioIsAMiss(@TempDir Path tmp) throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("pb"));
    Files.writeString(
        folder.resolve("broken.json"),
        "{\"name\":\"x\",\"protocol\":\"pb\",\"variant\":\"B9\",\"expect\":\"Liveness\"}");

    List<String> misses = PlantedBugs.missed(tmp, PB);

    assertTrue(misses.get(0).startsWith("broken.json: "), misses.toString());
  }
}
