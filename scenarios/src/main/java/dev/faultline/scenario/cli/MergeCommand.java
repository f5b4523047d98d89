package dev.faultline.scenario.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.campaign.CampaignMerge;
import dev.faultline.scenario.campaign.FailureArtifacts;
import dev.faultline.scenario.campaign.ShardResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline merge SHARD.json...}: one campaign's result from its shards' results. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Combine the --json results of 'fuzz --shard I/N' runs (all N shards of one campaign) into"
          + " one campaign summary: counts, seeds/min, failing seeds with their reproduce lines,"
          + " outcome, progress-limit, fault-kind and events-per-seed histograms; with --out,"
          + " gather the shards' failure files into one directory.",
      "Exit as the whole campaign would: 0 nothing violated, 1 a violation, 3 inconclusive"
          + " seeds only, 4 nondeterminism; 2 for a missing or malformed shard file, shards of"
          + " different campaigns, an overlapping, missing or incomplete shard."
    })
public final class MergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "SHARD.json",
      description = "the JSON results of 'fuzz --shard I/N --json', one per shard")
  List<Path> files;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "gather every shard's failure files (scenario, shrunk scenario, traces, reports) here"
              + " and write the merged result as DIR/campaign.json (default: gather nothing)")
  Path out;

  @Mixin StatsHtmlOption statsHtml;

  @Option(
      names = "--json",
      description = "print the merged result as JSON on stdout (and nothing else) (default: off)")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    PrintWriter human = json ? stderr : stdout;
    if (out != null) {
      OutputPaths.requireDirectory("--out", out);
    }
    statsHtml.check();
    List<ShardResult> shards = new ArrayList<>();
    for (Path f : files) {
      shards.add(ShardResult.read(f));
    }
    CampaignMerge m = CampaignMerge.of(shards);
    List<FailureArtifacts.Collected> collected =
        out == null
            ? List.of()
            : FailureArtifacts.collect(
                m.failures(), out, w -> stderr.println("faultline merge: " + w));
    int exit = exitCode(m);
    printSummary(human, m);
    for (FailureArtifacts.Collected c : collected) {
      human.println("FAIL seed " + c.seed() + ": " + c.property());
      human.println(
          "  scenario:  " + c.scenario() + (c.shrunk() == null ? "" : ", shrunk " + c.shrunk()));
      human.println("  reproduce: " + c.reproduce());
    }
    String merged = toJson(m, collected, exit);
    if (out != null) {
      try {
        Files.writeString(out.resolve("campaign.json"), merged + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      human.println("Merged result: " + out.resolve("campaign.json"));
    }
    String chartsProblem = statsHtml.write(title(m), m.stats(), human, stderr);
    if (json) {
      stdout.println(merged);
    }
    return chartsProblem != null ? ExitCodes.BAD_INPUT : exit;
  }

  /** The exit code the unsharded campaign would have given (fuzz's precedence). */
  static int exitCode(CampaignMerge m) {
    return !m.nondeterministicSeeds().isEmpty()
        ? ExitCodes.NONDETERMINISM
        : m.failed() > 0
            ? ExitCodes.VIOLATION
            : m.inconclusive() > 0 ? ExitCodes.INCONCLUSIVE : ExitCodes.OK;
  }

  private static void printSummary(PrintWriter human, CampaignMerge m) {
    human.println(title(m));
    printCounts(human, m);
  }

  /** The merged campaign's first summary line, also the charts page's title. */
  private static String title(CampaignMerge m) {
    JsonNode c = m.campaign();
    return String.format(
        Locale.ROOT,
        "faultline merge: %d shards of %s%s, %s, %d servers, %d clients, %d ops/seed",
        m.shards(),
        c.get("protocol").asText(),
        c.get("variant").isNull() ? " (correct)" : " variant " + c.get("variant").asText(),
        c.get("seedsRequested").asLong() > 0
            ? c.get("seedsRequested").asLong() + " seeds from seed " + c.get("firstSeed").asLong()
            : "time-bounded from seed " + c.get("firstSeed").asLong(),
        c.get("nodes").asInt(),
        c.get("clients").asInt(),
        c.get("opsPerSeed").asInt());
  }

  private static void printCounts(PrintWriter human, CampaignMerge m) {
    human.printf(
        Locale.ROOT,
        "%d seeds: %d failed, %d inconclusive, %d LIVENESS_LIMIT, %d nondeterministic;"
            + " %.0f seeds/min with the shards side by side (slowest shard %.1f s),"
            + " %.0f seeds/min per machine (%.1f s of fuzzing in all)%n",
        m.seedsRun(),
        m.failed(),
        m.inconclusive(),
        m.livenessLimits(),
        m.nondeterministicSeeds().size(),
        m.seedsPerMinute(),
        m.elapsedMillisMax() / 1000.0,
        m.seedsPerMachineMinute(),
        m.elapsedMillisTotal() / 1000.0);
    m.stats().lines().forEach(human::println);
    for (JsonNode f : m.failingSeeds().subList(0, Math.min(20, m.failingSeeds().size()))) {
      human.println(
          "Failing seed "
              + f.path("seed").asLong()
              + " ("
              + f.path("property").asText()
              + "): "
              + f.path("reproduce").asText("(no reproduce line in the shard result)"));
    }
    if (m.failingSeeds().size() > 20) {
      human.println("... " + (m.failingSeeds().size() - 20) + " more failing seeds in --json");
    }
  }

  private static String toJson(
      CampaignMerge m, List<FailureArtifacts.Collected> collected, int exit) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = mapper.createObjectNode();
    m.campaign().properties().forEach(e -> o.set(e.getKey(), e.getValue()));
    o.put("shards", m.shards());
    o.put("seedsRun", m.seedsRun());
    o.put("failed", m.failed());
    o.put("inconclusive", m.inconclusive());
    o.put("livenessLimits", m.livenessLimits());
    o.put("elapsedMillisMax", m.elapsedMillisMax());
    o.put("elapsedMillisTotal", m.elapsedMillisTotal());
    o.put("seedsPerMinute", Math.round(m.seedsPerMinute() * 10) / 10.0);
    o.put("seedsPerMachineMinute", Math.round(m.seedsPerMachineMinute() * 10) / 10.0);
    o.putArray("failingSeeds").addAll(m.failingSeeds());
    o.putArray("livenessLimitSeeds").addAll(m.livenessLimitSeeds());
    var nd = o.putArray("nondeterministicSeeds");
    m.nondeterministicSeeds().forEach(nd::add);
    var failures = o.putArray("failures");
    if (collected.isEmpty()) {
      m.failures().forEach(f -> failures.add(f.failure()));
    }
    for (FailureArtifacts.Collected c : collected) {
      failures
          .addObject()
          .put("seed", c.seed())
          .put("property", c.property())
          .put("scenario", c.scenario() == null ? null : c.scenario().toString())
          .put("shrunk", c.shrunk() == null ? null : c.shrunk().toString())
          .put("reproduce", c.reproduce());
    }
    o.set("stats", m.stats().toNode());
    o.put("exitCode", exit);
    try {
      return mapper.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
