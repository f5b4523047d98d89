package dev.faultline.scenario.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.fuzz.CampaignStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard's {@code faultline fuzz --shard I/N --json} output, read and checked: the campaign's
 * parameters (which must match across shards), the shard's place, its counts, failing seeds,
 * written failures and statistics. A problem is a {@link UserError} naming the file and field.
 */
public record ShardResult(
    Path file,
    JsonNode campaign,
    int shard,
    int shards,
    long seedsRun,
    long failed,
    long inconclusive,
    long livenessLimits,
    long elapsedMillis,
    List<JsonNode> failingSeeds,
    List<JsonNode> livenessLimitSeeds,
    List<Long> nondeterministicSeeds,
    List<JsonNode> failures,
    CampaignStats stats) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The parameters that define a campaign: shards of one campaign agree on every one of them (the
   * same seeds drawn the same way, judged the same way).
   */
  public static final List<String> CAMPAIGN_FIELDS =
      List.of(
          "protocol",
          "variant",
          "firstSeed",
          "seedsRequested",
          "timeMillisRequested",
          "nodes",
          "clients",
          "opsPerSeed",
          "options",
          "noLiveness",
          "checkDeterminism");

  public static ShardResult read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw UserError.at(file.toString(), 0, "no such file");
    } catch (IOException e) {
      throw UserError.at(file.toString(), 0, "cannot read: " + e.getMessage());
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw UserError.at(file.toString(), line, "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw UserError.at(file.toString(), 0, "expected the JSON object of 'fuzz --json'");
    }
    return parse(file, root);
  }

  private static ShardResult parse(Path file, JsonNode root) {
    Fields f = new Fields(file, root);
    var campaign = JSON.createObjectNode();
    for (String name : CAMPAIGN_FIELDS) {
      campaign.set(name, f.present(name));
    }
    String[] shard = f.text("shard").split("/");
    int index;
    int count;
    try {
      index = Integer.parseInt(shard[0]);
      count = Integer.parseInt(shard[1]);
    } catch (RuntimeException e) {
      throw f.bad("shard", "must be I/N, was '" + f.text("shard") + "'");
    }
    if (shard.length != 2 || count < 1 || index < 1 || index > count) {
      throw f.bad("shard", "must be I/N with 1 <= I <= N, was '" + f.text("shard") + "'");
    }
    CampaignStats stats;
    try {
      stats = CampaignStats.fromNode(f.present("stats"));
    } catch (IllegalArgumentException e) {
      throw UserError.at(file.toString(), 0, e.getMessage());
    }
    List<Long> nondeterministic = new ArrayList<>();
    f.array("nondeterministicSeeds").forEach(n -> nondeterministic.add(n.asLong()));
    return new ShardResult(
        file,
        campaign,
        index,
        count,
        f.count("seedsRun"),
        f.count("failed"),
        f.count("inconclusive"),
        f.count("livenessLimits"),
        f.count("elapsedMillis"),
        f.array("failingSeeds"),
        f.array("livenessLimitSeeds"),
        nondeterministic,
        f.array("failures"),
        stats);
  }

  /** Typed access to the shard's fields, each problem naming the file and field. */
  private record Fields(Path file, JsonNode root) {
    UserError bad(String field, String problem) {
      return UserError.at(file.toString(), 0, "field \"" + field + "\" " + problem);
    }

    JsonNode present(String field) {
      JsonNode v = root.get(field);
      if (v == null) {
        throw bad(field, "is missing (is this the output of 'fuzz --json'?)");
      }
      return v;
    }

    String text(String field) {
      JsonNode v = present(field);
      if (!v.isTextual()) {
        throw bad(field, "must be a string, was " + v);
      }
      return v.asText();
    }

    long count(String field) {
      JsonNode v = present(field);
      if (!v.isIntegralNumber() || v.asLong() < 0) {
        throw bad(field, "must be a count, was " + v);
      }
      return v.asLong();
    }

    List<JsonNode> array(String field) {
      JsonNode v = present(field);
      if (!v.isArray()) {
        throw bad(field, "must be an array, was " + v);
      }
      List<JsonNode> out = new ArrayList<>();
      v.forEach(out::add);
      return out;
    }
  }
}
