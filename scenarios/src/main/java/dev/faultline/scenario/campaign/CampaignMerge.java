package dev.faultline.scenario.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.fuzz.CampaignStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Shards of one campaign combined into the campaign's result. The shards must be of the same
 * campaign (every {@link ShardResult#CAMPAIGN_FIELDS} equal), each shard 1..N exactly once, and —
 * for a campaign bounded by a seed count — each must have run all of its seeds; then counts and
 * statistics add up to exactly what the unsharded campaign gives, and failing seeds are listed in
 * seed order.
 *
 * @param elapsedMillisMax the slowest shard's fuzzing time: the campaign's wall time when shards
 *     run side by side
 * @param elapsedMillisTotal every shard's fuzzing time added: the machine time spent
 */
public record CampaignMerge(
    JsonNode campaign,
    int shards,
    long seedsRun,
    long failed,
    long inconclusive,
    long livenessLimits,
    long elapsedMillisMax,
    long elapsedMillisTotal,
    List<JsonNode> failingSeeds,
    List<JsonNode> livenessLimitSeeds,
    List<Long> nondeterministicSeeds,
    List<ShardFailure> failures,
    CampaignStats stats) {

  /** A written failure (scenario, trace, shrunk file) and the shard result that named it. */
  public record ShardFailure(ShardResult shard, JsonNode failure) {}

  /** Checks that {@code shards} are one whole campaign and combines them. */
  public static CampaignMerge of(List<ShardResult> shards) {
    if (shards.isEmpty()) {
      throw new UserError("merge: no shard results given");
    }
    ShardResult first = shards.get(0);
    SortedMap<Integer, ShardResult> byIndex = new TreeMap<>();
    for (ShardResult s : shards) {
      checkSameCampaign(first, s);
      ShardResult twin = byIndex.put(s.shard(), s);
      if (twin != null) {
        throw UserError.at(
            s.file().toString(),
            0,
            "shard " + s.shard() + "/" + s.shards() + " is also " + twin.file() + " (overlap)");
      }
      checkComplete(s);
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 1; i <= first.shards(); i++) {
      if (!byIndex.containsKey(i)) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      throw new UserError(
          "merge: incomplete campaign: shard(s) "
              + missing.stream().map(i -> i + "/" + first.shards()).toList()
              + " missing (given "
              + byIndex.keySet().stream().map(i -> i + "/" + first.shards()).toList()
              + ")");
    }
    return combine(first, new ArrayList<>(byIndex.values()));
  }

  private static void checkSameCampaign(ShardResult first, ShardResult s) {
    for (String field : ShardResult.CAMPAIGN_FIELDS) {
      if (!first.campaign().get(field).equals(s.campaign().get(field))) {
        throw UserError.at(
            s.file().toString(),
            0,
            "campaign parameter \""
                + field
                + "\" is "
                + s.campaign().get(field)
                + " but "
                + first.file()
                + " has "
                + first.campaign().get(field)
                + ": not shards of one campaign");
      }
    }
    if (s.shards() != first.shards()) {
      throw UserError.at(
          s.file().toString(),
          0,
          "shard count "
              + s.shards()
              + " but "
              + first.file()
              + " has "
              + first.shards()
              + ": not shards of one campaign");
    }
  }

  /** A seed-count campaign's shard must have run every seed it owns (no --stop-on-failure). */
  private static void checkComplete(ShardResult s) {
    long requested = s.campaign().get("seedsRequested").asLong();
    if (requested <= 0) {
      return; // a time-bounded campaign: each shard ran what its time allowed
    }
    long owned = requested < s.shard() ? 0 : (requested - s.shard()) / s.shards() + 1;
    if (s.seedsRun() != owned || s.stats().seeds() != owned) {
      throw UserError.at(
          s.file().toString(),
          0,
          "shard "
              + s.shard()
              + "/"
              + s.shards()
              + " ran "
              + s.seedsRun()
              + " of its "
              + owned
              + " seeds (stopped early?): incomplete shard");
    }
  }

  private static CampaignMerge combine(ShardResult first, List<ShardResult> shards) {
    long seedsRun = 0;
    long failed = 0;
    long inconclusive = 0;
    long limits = 0;
    long elapsedMax = 0;
    long elapsedTotal = 0;
    List<JsonNode> failing = new ArrayList<>();
    List<JsonNode> limited = new ArrayList<>();
    List<Long> nondeterministic = new ArrayList<>();
    List<ShardFailure> failures = new ArrayList<>();
    CampaignStats stats = CampaignStats.of(List.of());
    for (ShardResult s : shards) {
      seedsRun += s.seedsRun();
      failed += s.failed();
      inconclusive += s.inconclusive();
      limits += s.livenessLimits();
      elapsedMax = Math.max(elapsedMax, s.elapsedMillis());
      elapsedTotal += s.elapsedMillis();
      failing.addAll(s.failingSeeds());
      limited.addAll(s.livenessLimitSeeds());
      nondeterministic.addAll(s.nondeterministicSeeds());
      s.failures().forEach(f -> failures.add(new ShardFailure(s, f)));
      stats = stats.plus(s.stats());
    }
    Comparator<JsonNode> bySeed = Comparator.comparingLong(n -> n.path("seed").asLong());
    failing.sort(bySeed);
    limited.sort(bySeed);
    nondeterministic.sort(Comparator.naturalOrder());
    failures.sort(Comparator.comparing(ShardFailure::failure, bySeed));
    return new CampaignMerge(
        first.campaign(),
        first.shards(),
        seedsRun,
        failed,
        inconclusive,
        limits,
        elapsedMax,
        elapsedTotal,
        failing,
        limited,
        nondeterministic,
        failures,
        stats);
  }

  /** Seeds per minute of wall time when the shards ran side by side (the slowest one's time). */
  public double seedsPerMinute() {
    return elapsedMillisMax == 0 ? 0 : seedsRun * 60_000.0 / elapsedMillisMax;
  }

  /** Seeds per minute of machine time (all shards' times added): one machine's rate. */
  public double seedsPerMachineMinute() {
    return elapsedMillisTotal == 0 ? 0 : seedsRun * 60_000.0 / elapsedMillisTotal;
  }
}
