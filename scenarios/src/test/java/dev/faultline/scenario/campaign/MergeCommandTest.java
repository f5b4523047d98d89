package dev.faultline.scenario.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.testkit.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline merge}: three shards of a small campaign, merged, equal the unsharded campaign;
 * bad input is one line and exit 2.
 */
class MergeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A campaign small enough for the default suite that still fails on some seeds. */
  private static final String[] CAMPAIGN = {
    "fuzz",
    "--protocol",
    "pb",
    "--variant",
    "B1",
    "--seeds",
    "12",
    "--ops",
    "6",
    "--no-shrink",
    "--max-reports",
    "1",
    "--json"
  };

  @TempDir static Path dir;
  static JsonNode whole;
  static List<Path> shardFiles = new ArrayList<>();

  /** The campaign's command with {@code more} arguments (also the charts test's campaign). */
  static String[] with(String... more) {
    String[] all = new String[CAMPAIGN.length + more.length];
    System.arraycopy(CAMPAIGN, 0, all, 0, CAMPAIGN.length);
    System.arraycopy(more, 0, all, CAMPAIGN.length, more.length);
    return all;
  }

  @BeforeAll
  static void runTheCampaignWholeAndInThreeShards() throws Exception {
    Cli.Run all = Cli.cli(with("--out", dir.resolve("whole").toString()));
    whole = JSON.readTree(all.out());
    for (int i = 1; i <= 3; i++) {
      Path out = dir.resolve("shard-" + i);
      Cli.Run r = Cli.cli(with("--shard", i + "/3", "--out", out.toString()));
      Path file = out.resolve("result.json");
      Files.writeString(file, r.out());
      shardFiles.add(file);
    }
  }

  private static Cli.Run merge(Object... args) {
    List<String> all = new ArrayList<>(List.of("merge"));
    for (Object a : args) {
      all.add(a.toString());
    }
    return Cli.cli(all.toArray(String[]::new));
  }

  @Test
  void threeShardsMergedEqualTheUnshardedCampaign() throws Exception {
    assertTrue(whole.get("failed").asLong() > 0, "the campaign must fail somewhere: " + whole);
    assertTrue(whole.get("failed").asLong() < 12, "and pass somewhere: " + whole);
    Path gathered = dir.resolve("merged");
    Cli.Run r =
        merge(shardFiles.get(2), shardFiles.get(0), shardFiles.get(1), "--json", "--out", gathered);
    assertEquals(whole.get("exitCode").asInt(), r.code(), r.err());
    JsonNode merged = JSON.readTree(r.out());
    for (String field :
        List.of(
            "seedsRun",
            "failed",
            "inconclusive",
            "livenessLimits",
            "failingSeeds",
            "livenessLimitSeeds",
            "nondeterministicSeeds",
            "stats",
            "exitCode")) {
      assertEquals(whole.get(field), merged.get(field), field);
    }
    assertEquals(3, merged.get("shards").asInt());
    assertTrue(
        merged.at("/failingSeeds/0/reproduce").asText().contains("--first-seed "),
        merged.toString());
    // Each shard wrote (at most) its first failure; merge gathered their files into one place.
    JsonNode failure = merged.at("/failures/0");
    Path scenario = Path.of(failure.get("scenario").asText());
    assertEquals(gathered, scenario.getParent());
    assertTrue(Files.isRegularFile(scenario), scenario.toString());
    String runDir = scenario.getFileName().toString().replace(".json", "");
    assertTrue(Files.isRegularFile(gathered.resolve(runDir).resolve("trace.jsonl")));
    assertEquals("./faultline run " + scenario, failure.get("reproduce").asText());
    assertTrue(Files.isRegularFile(gathered.resolve("campaign.json")));
    assertTrue(r.err().contains("Outcomes: "), r.err());
  }

  @Test
  void theGatheredScenarioReplaysItsFailure() throws Exception {
    Path gathered = dir.resolve("replay");
    Cli.Run r = merge(shardFiles.get(0), shardFiles.get(1), shardFiles.get(2), "--out", gathered);
    String line =
        r.out().lines().filter(l -> l.contains("reproduce: ./faultline run ")).findFirst().get();
    Path scenario = Path.of(line.substring(line.indexOf("run ") + 4).trim());
    Cli.Run replay = Cli.cli("run", scenario.toString(), "--out", dir.resolve("rerun").toString());
    assertEquals(1, replay.code(), "a fuzzed failure expects pass: " + replay.out());
  }

  private static void assertOneLineExit2(Cli.Run r, String expected) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void badInputIsOneLineAndExit2() throws Exception {
    Path a = shardFiles.get(0);
    Path b = shardFiles.get(1);
    Path c = shardFiles.get(2);
    assertOneLineExit2(merge(a, b, dir.resolve("nope.json")), "nope.json: no such file");
    assertOneLineExit2(merge(a, b), "incomplete campaign: shard(s) [3/3] missing");
    assertOneLineExit2(merge(a, b, c, a), "(overlap)");

    ObjectNode other = (ObjectNode) JSON.readTree(c.toFile());
    other.put("variant", "B2");
    Path mismatched = dir.resolve("mismatched.json");
    Files.writeString(mismatched, other.toString());
    assertOneLineExit2(merge(a, b, mismatched), "campaign parameter \"variant\" is \"B2\"");

    ObjectNode cut = (ObjectNode) JSON.readTree(c.toFile());
    cut.put("seedsRun", cut.get("seedsRun").asLong() - 1);
    Path incomplete = dir.resolve("incomplete.json");
    Files.writeString(incomplete, cut.toString());
    assertOneLineExit2(merge(a, b, incomplete), "incomplete shard");

    Path garbage = dir.resolve("garbage.json");
    Files.writeString(garbage, "{\"shard\": ");
    assertOneLineExit2(merge(a, b, garbage), "garbage.json:1: not valid JSON");

    Path notFuzz = dir.resolve("result-of-run.json");
    Files.writeString(notFuzz, "{\"scenario\": \"x\"}");
    assertOneLineExit2(merge(notFuzz), "field \"protocol\" is missing");
  }
}
