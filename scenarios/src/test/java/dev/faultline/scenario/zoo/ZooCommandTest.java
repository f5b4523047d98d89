package dev.faultline.scenario.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.scenario.cli.FaultlineCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline zoo} on one cheap variant with tiny caps, and its input checks. */
class ZooCommandTest {
  record Ran(int exit, String out, String err) {}

  static Ran zoo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "zoo";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = FaultlineCli.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Ran(exit, out.toString(), err.toString());
  }

  @Test
  void oneVariantTwoCampaignsWritesTheTableAndItsJson(@TempDir Path dir) throws Exception {
    Path md = dir.resolve("zoo.md");
    Ran r =
        zoo(
            "--protocol",
            "pb",
            "--variant",
            "B5",
            "--campaigns",
            "2",
            "--cap",
            "20s",
            "--no-explore",
            "--out",
            md.toString());
    assertEquals(0, r.exit(), r.err());
    String table = Files.readString(md);
    assertTrue(table.contains("| pb | B5 | 2/2 | 1 |"), table);
    assertTrue(table.contains("NoUnackedViewSkip"), table);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("zoo.md.json").toFile());
    JsonNode row = json.get("rows").get(0);
    assertEquals("B5", row.get("variant").asText());
    assertEquals(2, row.get("found").asInt());
    // Disjoint ranges: both campaigns fail on their first seed (1 and 1,000,001).
    assertEquals(
        List.of(1L, 1L),
        List.of(
            row.get("seedsToFailure").get(0).asLong(), row.get("seedsToFailure").get(1).asLong()));
    assertTrue(row.get("shrunkSize").asInt() < row.get("sizeBefore").asInt(), row.toString());
  }

  @Test
  void aBadOutputPathIsOneLineAndNoWork(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("plain");
    Files.writeString(file, "x");
    Ran r = zoo("--protocol", "pb", "--out", file.resolve("zoo.md").toString());
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.out().contains("found"), "no campaign ran: " + r.out());
  }

  @Test
  void unknownVariantAndBadShardAreRejected(@TempDir Path dir) {
    String out = dir.resolve("zoo.md").toString();
    assertEquals(2, zoo("--protocol", "pb", "--variant", "R8", "--out", out).exit());
    assertEquals(2, zoo("--protocol", "nope", "--out", out).exit());
    assertEquals(2, zoo("--shard", "3/2", "--out", out).exit());
  }

  @Test
  void shardsSplitTheVariantsBetweenThem(@TempDir Path dir) {
    // pb has 8 variants: shard 5/8 runs exactly the fifth, B5 (found on its first seed).
    Ran r =
        zoo(
            "--protocol",
            "pb",
            "--shard",
            "5/8",
            "--campaigns",
            "1",
            "--cap",
            "20s",
            "--no-explore",
            "--out",
            dir.resolve("zoo.md").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("pb B5: found 1/1"), r.out());
    assertFalse(r.out().contains("pb B1:"), r.out());
  }
}
