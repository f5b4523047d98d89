package dev.faultline.scenario.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioSchema;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.testkit.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/reference/scenario.schema.json is generated from the scenario reader and the protocol
 * registry ({@code -Dfl.docs.writeSchema=true} rewrites it), and {@code faultline validate} checks
 * files against it and against the reader.
 */
class ScenarioSchemaTest {
  @TempDir Path dir;

  static String generated() throws Exception {
    return new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(ScenarioSchema.generate(ProtocolRegistry.DEFAULT))
        + "\n";
  }

  @Test
  void committedSchemaIsTheGeneratedOne() throws Exception {
    Path file = RepoFiles.root().resolve("docs/reference/scenario.schema.json");
    String expected = generated();
    if (Boolean.getBoolean("fl.docs.writeSchema")) {
      Files.writeString(file, expected);
    }
    assertEquals(
        expected,
        Files.readString(file),
        "docs/reference/scenario.schema.json differs from the generated schema; regenerate it:"
            + " ./mvnw -B -ntp -o -q -pl scenarios -am verify -Dtest=ScenarioSchemaTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dfl.docs.writeSchema=true");
  }

  @Test
  void schemaNamesEveryFieldAndFaultTypeTheReaderKnows() {
    JsonNode s = ScenarioSchema.generate(ProtocolRegistry.DEFAULT);
    List<String> fields = new ArrayList<>();
    s.get("properties").fieldNames().forEachRemaining(fields::add);
    assertEquals(
        List.of(
            "kind",
            "name",
            "description",
            "protocol",
            "variant",
            "nodes",
            "clients",
            "options",
            "workload",
            "network",
            "clock",
            "faults",
            "seed",
            "durationTicks",
            "stabilizeTicks",
            "expect",
            "maxEvents"),
        fields);
    List<String> faultTypes = new ArrayList<>();
    s.at("/properties/faults/items/properties/type/enum").forEach(t -> faultTypes.add(t.asText()));
    assertEquals(ScenarioReader.FAULT_TYPES, faultTypes);
    assertEquals(ProtocolRegistry.DEFAULT.names().size(), s.get("allOf").size());
  }

  @Test
  void everyLibraryScenarioValidates() {
    Path library = RepoFiles.root().resolve("scenarios/library");
    Cli.Run r = Cli.cli("validate", library.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    long files;
    try (var walk = Files.walk(library)) {
      files = walk.filter(p -> p.toString().endsWith(".json")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertTrue(files > 20, "found " + files);
    assertTrue(r.out().contains(files + " files: " + files + " valid, 0 with problems"), r.out());
  }

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void everySchemaProblemIsOneLineWithFileLineAndField() throws Exception {
    Path bad =
        write(
            "bad.json",
            """
            {
              "name": "",
              "protocol": "raft",
              "variant": "R99",
              "nodes": 120,
              "workload": {"ops": 10},
              "seed": 1,
              "durationTicks": 0,
              "faults": [{"at": 5, "type": "crash"}, {"at": 6, "type": "crash", "node": "s1", "x": 1}],
              "expect": "Nope",
              "colour": "red"
            }
            """);
    Cli.Run r = Cli.cli("validate", bad.toString());
    assertEquals(2, r.code(), r.out());
    List<String> lines = r.out().lines().toList();
    String f = bad.toString();
    for (String expected :
        List.of(
            f + ":2:11: name: must not be empty",
            f + ":5:12: nodes: must be in [1, 99], was 120",
            f + ":8:20: durationTicks: must be in [1, ",
            f + ":9:14: faults[0]: missing required field(s): node",
            f + ":9:83: faults[1].x: unknown field; allowed: at, type, node",
            f + ":11:3: colour: unknown field",
            f + ":4:14: variant: \"R99\" is not one of [null,\"R1\"",
            f + ":11:3: colour: unknown field")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(expected)), expected + "\n" + r.out());
    }
    // expect "Nope" is the reader's to judge (it knows the cluster); the shape problems come first.
    assertTrue(r.out().contains("1 file: 0 valid, 1 with problems (7 problems)"), r.out());
    assertFalse(r.out().contains("\tat "), "no stack trace");
  }

  @Test
  void whatNeedsTheProtocolIsCheckedByTheReaderAndAGoodFilePasses() throws Exception {
    String good =
        """
        {"name": "ok", "protocol": "raft", "nodes": 3, "workload": {"ops": 5}, "seed": 1,
         "durationTicks": 100, "faults": [{"at": 5, "type": "crash", "node": "%s"}]}
        """;
    Path ok = write("ok.json", good.formatted("s1"));
    Path unknownNode = write("node.json", good.formatted("s9"));
    Cli.Run fine = Cli.cli("validate", ok.toString());
    assertEquals(0, fine.code(), fine.out());
    assertTrue(fine.out().contains("1 file: 1 valid"), fine.out());
    Cli.Run both = Cli.cli("validate", ok.toString(), unknownNode.toString());
    assertEquals(2, both.code(), both.out());
    assertTrue(
        both.out().contains(unknownNode + ":2:") && both.out().contains("unknown node 's9'"),
        both.out());
    assertTrue(both.out().contains("2 files: 1 valid, 1 with problems (1 problem)"), both.out());
    Cli.Run missing = Cli.cli("validate", dir.resolve("missing.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("missing.json: no such file"), missing.err());
  }
}
