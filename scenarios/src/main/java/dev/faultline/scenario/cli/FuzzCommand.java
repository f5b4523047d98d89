package dev.faultline.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.fuzz.CampaignStats;
import dev.faultline.scenario.fuzz.FailureReport;
import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.LimitReasons;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.shrink.Shrinker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline fuzz}: swarm-fuzz a protocol from many seeds (guide: docs/guides/fuzz.md). */
@Command(
    name = "fuzz",
    mixinStandardHelpOptions = true,
    defaultValueProvider = CommandDefaults.Fuzz.class,
    description = {
      "Swarm-fuzz a protocol: each seed draws its own mix of fault kinds and rates, runs a"
          + " concrete scenario, then a stabilize phase (liveness). Failures are written as"
          + " scenario files, shrunk, traced, with a one-line reproduction command.",
      "Without --servers (--servers drawn) each seed also draws its cluster's shape: the server"
          + " count (raft: 3 or 5; other protocols: 3) and timing options (raft: heartbeat and"
          + " election timeouts), written into the seed's scenario.",
      "Exit 0 nothing violated, 1 a violation, 3 inconclusive checks only, 4 nondeterminism."
          + " Liveness inside a progress limit the protocol declares (e.g. pb with its view"
          + " server down) is counted as LIVENESS_LIMIT, not as a failure."
    })
public final class FuzzCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ProtocolMixin proto;
  @Mixin SizeMixin size;
  @Mixin OutMixin outOption;
  @Mixin StatsHtmlOption statsHtml;
  @Mixin ThreadsMixin threadsOption;

  // Read from the mixins when the command starts.
  private String protocol;
  private String variant;
  private java.util.Map<String, String> options;
  private int nodes;
  // No --servers: each seed draws its server count and timing (the protocol's swarm hints).
  private boolean drawnShape;
  private int clients;
  private int ops;
  private Path out;

  static final class Bound {
    @Option(names = "--seeds", paramLabel = "N", description = "number of seeds (default: 100)")
    Long seeds;

    @Option(
        names = "--time",
        paramLabel = "DURATION",
        converter = Durations.class,
        description = "fuzz for this long instead, e.g. 60s, 5m (default: a seed count)")
    Long timeMillis;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Bound bound;

  @Option(
      names = "--first-seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "first seed (default: ${DEFAULT-VALUE})")
  long firstSeed;

  @Option(
      names = "--shard",
      paramLabel = "I/N",
      description = "run only shard I of N, 1-based (default: all seeds)")
  String shard;

  @Option(
      names = "--no-liveness",
      description =
          "no stabilize phase, so no liveness check (safety only), e.g. for designs"
              + " with known progress limits (default: off)")
  boolean noLiveness;

  @Option(
      names = "--json",
      description = "print a JSON summary on stdout (and nothing else) (default: off)")
  boolean json;

  @Option(
      names = "--check-determinism",
      description =
          "run every seed twice and compare trace hashes, exit 4 on a mismatch (default: off)")
  boolean checkDeterminism;

  @Option(
      names = "--stop-on-failure",
      description =
          "start no new seed after the first failure (with --threads 1: stops at the first"
              + " failing seed, e.g. to measure seeds-to-failure) (default: off)")
  boolean stopOnFailure;

  @Option(names = "--no-shrink", description = "do not shrink failures (default: off)")
  boolean noShrink;

  @Option(
      names = "--guided",
      description =
          "coverage-guided seed scheduling: keep the plans of runs that reached new abstract"
              + " protocol states (annotations per node, their transitions, the role mix, under"
              + " which faults) and spend --mutant-share of the runs mutating them, the rest on"
              + " fresh seeds; deterministic from --first-seed at any thread count (default: off)")
  boolean guided;

  @Option(
      names = "--mutant-share",
      paramLabel = "F",
      description =
          "with --guided: the share of runs spent on mutants of kept plans, in [0, 1)"
              + " (default: 0.5)")
  Double mutantShare;

  @Option(
      names = "--max-reports",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "failures written, traced and shrunk: the first of each violated property, at most N"
              + " (default: ${DEFAULT-VALUE})")
  int maxReports;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    PrintWriter human = json ? stderr : stdout;
    bindAndCheckSizes();
    Shard ownShard = parseShard();
    long seeds =
        bound == null || (bound.seeds == null && bound.timeMillis == null)
            ? 100
            : bound.seeds == null ? 0 : bound.seeds;
    if (bound != null && bound.seeds != null && bound.seeds < 1) {
      throw new UserError("--seeds must be >= 1, was " + bound.seeds);
    }
    long timeMillis = bound != null && bound.timeMillis != null ? bound.timeMillis : 0;
    int threadCount = threadsOption.checked();
    FuzzConfig config = checkedConfig();

    OutputPaths.requireDirectory("--out", out);
    statsHtml.check();
    FuzzCampaign campaign = new FuzzCampaign(config, RunOptions.DEFAULT, checkDeterminism);
    if (guided) {
      campaign = campaign.guided(checkedMutantShare());
    } else if (mutantShare != null) {
      throw new UserError("--mutant-share needs --guided");
    }
    FuzzCampaign.Bounds bounds =
        new FuzzCampaign.Bounds(firstSeed, seeds, timeMillis, ownShard.index(), ownShard.count());
    String header = header(seeds, timeMillis, ownShard, threadCount);
    human.println(header);
    human.flush();
    long startNanos = System.nanoTime();
    Progress progress =
        new Progress(stderr, System.console() != null, seeds / Math.max(1, ownShard.count()));
    FuzzCampaign.Summary summary =
        campaign.run(bounds, threadCount, progress::seedDone, stopOnFailure);
    progress.finish();

    List<SeedOutcome> failures = summary.failures();
    List<FailureReport.Written> written = new ArrayList<>();
    String ioProblem = writeFailures(config, summary, written, stderr, human);
    long inconclusive = summary.outcomes().stream().filter(SeedOutcome::inconclusive).count();
    int exit =
        !summary.nondeterministic().isEmpty()
            ? ExitCodes.NONDETERMINISM
            : !failures.isEmpty()
                ? ExitCodes.VIOLATION
                : inconclusive > 0 ? ExitCodes.INCONCLUSIVE : ExitCodes.OK;

    printSummary(human, summary, failures, inconclusive, startNanos);
    printWritten(human, written, summary);
    String chartsProblem =
        statsHtml.write(header, CampaignStats.of(summary.outcomes()), human, stderr);
    if (json) {
      stdout.println(
          json(
              summary,
              written,
              exit,
              seeds,
              timeMillis,
              ownShard.index(),
              ownShard.count(),
              startNanos));
    }
    return ioProblem != null || chartsProblem != null ? ExitCodes.BAD_INPUT : exit;
  }

  /** Copies the shared option groups into this command's fields and checks the sizes' ranges. */
  private void bindAndCheckSizes() {
    protocol = proto.protocol;
    variant = proto.variant;
    options = proto.options;
    drawnShape = size.serversDrawn();
    nodes = drawnShape ? 3 : size.servers(); // drawn: ignored, but a valid config's count
    clients = size.clients;
    ops = size.ops;
    out = outOption.out;
    if (!drawnShape && (nodes < 1 || nodes > 99)) {
      throw new UserError("--servers must be in [1, 99], was " + nodes);
    }
    if (clients < 1 || clients > 99) {
      throw new UserError("--clients must be in [1, 99], was " + clients);
    }
    if (ops < 0 || ops > 1_000_000) {
      throw new UserError("--ops must be in [0, 1000000], was " + ops);
    }
  }

  private double checkedMutantShare() {
    double share = mutantShare == null ? FuzzCampaign.DEFAULT_MUTANT_SHARE : mutantShare;
    if (!(share >= 0 && share < 1)) {
      throw new UserError("--mutant-share must be in [0, 1), was " + mutantShare);
    }
    return share;
  }

  /** Which of {@code count} interleaved shares of the seeds this process runs (1-based). */
  private record Shard(int index, int count) {}

  private Shard parseShard() {
    int shardIndex = 1;
    int shardCount = 1;
    if (shard != null) {
      String[] parts = shard.split("/");
      try {
        shardIndex = Integer.parseInt(parts[0]);
        shardCount = Integer.parseInt(parts[1]);
      } catch (RuntimeException e) {
        throw new UserError("--shard must be I/N, e.g. 1/4, was '" + shard + "'");
      }
      if (parts.length != 2 || shardCount < 1 || shardIndex < 1 || shardIndex > shardCount) {
        throw new UserError("--shard must be I/N with 1 <= I <= N, was '" + shard + "'");
      }
    }
    return new Shard(shardIndex, shardCount);
  }

  /** The campaign's configuration, its protocol known and its whole shape valid. */
  private FuzzConfig checkedConfig() {
    if (ProtocolRegistry.DEFAULT.byName(protocol) == null) {
      throw new UserError(
          "--protocol: unknown protocol '"
              + protocol
              + "'; known: "
              + String.join(", ", ProtocolRegistry.DEFAULT.names()));
    }
    FuzzConfig config =
        new FuzzConfig(
            protocol,
            variant,
            nodes,
            clients,
            ops,
            10,
            0,
            noLiveness ? -1 : 0,
            new java.util.TreeMap<>(options),
            drawnShape);
    // Validate the whole shape once, exactly as a scenario file would be (variant, sizes...).
    String sample = ScenarioWriter.toJson(SwarmPlan.scenario(config, firstSeed));
    try {
      new ScenarioReader(ProtocolRegistry.DEFAULT).parse(sample, "--protocol/--variant");
    } catch (UserError e) {
      throw new UserError(e.getMessage().replaceFirst("^--protocol/--variant:\\d+:\\d+: ", ""));
    }
    return config;
  }

  private String header(long seeds, long timeMillis, Shard shard, int threadCount) {
    return "faultline fuzz: "
        + protocol
        + (variant == null ? " (correct)" : " variant " + variant)
        + ", "
        + (seeds > 0 ? seeds + " seeds" : "for " + timeMillis / 1000 + " s")
        + " from seed "
        + firstSeed
        + (shard.count() > 1 ? ", shard " + shard.index() + "/" + shard.count() : "")
        + ", "
        + threadCount
        + " threads, "
        + (drawnShape ? "servers and timing drawn per seed" : nodes + " servers")
        + ", "
        + clients
        + " clients, "
        + ops
        + " ops/seed"
        + (checkDeterminism ? ", checking determinism" : "")
        + (guided ? ", coverage-guided" : "");
  }

  /**
   * Writes (traces, shrinks) the first failure of each violated property, at most --max-reports,
   * into {@code written}. Returns the last output problem, or null: a failure that cannot be
   * written is printed as its scenario instead, so it is not lost.
   */
  private String writeFailures(
      FuzzConfig config,
      FuzzCampaign.Summary summary,
      List<FailureReport.Written> written,
      PrintWriter stderr,
      PrintWriter human) {
    String ioProblem = null;
    Set<String> reported = new LinkedHashSet<>();
    for (SeedOutcome f : summary.failures()) {
      if (written.size() >= maxReports || !reported.add(f.property())) {
        continue;
      }
      try {
        written.add(
            FailureReport.write(
                summary.scenarioOf(config, f),
                f.seed(),
                out,
                RunOptions.DEFAULT,
                !noShrink,
                Shrinker.Budget.DEFAULT));
      } catch (java.io.UncheckedIOException e) {
        // Keep going: the summary below still prints, and the failing scenario is not lost.
        ioProblem = OutputPaths.describe(e.getCause());
        stderr.println("faultline: " + ioProblem);
        human.println("FAIL seed " + f.seed() + " (not written; its scenario follows):");
        human.println(ScenarioWriter.toJson(summary.scenarioOf(config, f)));
      }
    }
    return ioProblem;
  }

  /** Counts and rates, known liveness limits, nondeterministic and failing seeds. */
  private void printSummary(
      PrintWriter human,
      FuzzCampaign.Summary summary,
      List<SeedOutcome> failures,
      long inconclusive,
      long startNanos) {
    List<SeedOutcome> limits = summary.livenessLimits();
    human.printf(
        "%d seeds in %.1f s (%.0f seeds/min on %d threads; %.1f s in all with tracing and"
            + " shrinking): %d failed, %d inconclusive, %d LIVENESS_LIMIT%s%n",
        summary.outcomes().size(),
        summary.elapsedMillis() / 1000.0,
        summary.seedsPerMinute(),
        summary.threads(),
        (System.nanoTime() - startNanos) / 1e9,
        failures.size(),
        inconclusive,
        limits.size(),
        checkDeterminism ? ", " + summary.nondeterministic().size() + " nondeterministic" : "");
    // Liveness inside a progress limit the protocol itself declared (pb: view server down, ...):
    // an accepted outcome of the design, not a bug, so it neither fails nor gets shrunk.
    for (SeedOutcome l : limits.subList(0, Math.min(3, limits.size()))) {
      human.println(
          "LIVENESS_LIMIT seed " + l.seed() + ": known progress limit: " + l.livenessLimit());
    }
    if (!limits.isEmpty()) {
      human.println(LimitReasons.line(limits));
    }
    for (SeedOutcome n : summary.nondeterministic()) {
      human.println(
          "NONDETERMINISM seed "
              + n.seed()
              + ": two runs gave different traces."
              + " Reproduce: "
              + seedCommand(n.seed())
              + " --check-determinism");
    }
    CampaignStats.of(summary.outcomes()).lines().forEach(human::println);
    if (summary.guided() != null) {
      human.println(summary.guided().line());
    }
    if (!failures.isEmpty()) {
      human.println(
          "Failing seeds: "
              + failures.stream().limit(20).map(f -> f.seed() + " (" + f.property() + ")").toList()
              + (failures.size() > 20 ? " ..." : ""));
    }
  }

  /** The seeds at a progress limit, failing (each with its reproduce line), nondeterministic. */
  private void putSeedLists(ObjectNode o, FuzzCampaign.Summary s) {
    ArrayNode limited = o.putArray("livenessLimitSeeds");
    for (SeedOutcome l : s.livenessLimits()) {
      limited.addObject().put("seed", l.seed()).put("limit", l.livenessLimit());
    }
    LimitReasons.putCounts(o.putObject("livenessLimitReasons"), s.livenessLimits());
    ArrayNode failing = o.putArray("failingSeeds");
    for (SeedOutcome f : s.failures()) {
      failing
          .addObject()
          .put("seed", f.seed())
          .put("property", f.property())
          .put("message", f.message())
          .put("mutant", s.isMutant(f))
          .put("reproduce", s.isMutant(f) ? campaignCommand(s.runsTo(f)) : seedCommand(f.seed()));
    }
    ArrayNode nd = o.putArray("nondeterministicSeeds");
    s.nondeterministic().forEach(n -> nd.add(n.seed()));
  }

  /** The fuzz command that runs exactly {@code seed} of this campaign again (same shape). */
  private String seedCommand(long seed) {
    return sizeFlags().append(" --first-seed ").append(seed).append(" --seeds 1").toString();
  }

  /**
   * The guided campaign up to its {@code runs}-th run (of this shard), which reruns a mutant: what
   * a mutant is depends on the runs before it.
   */
  private String campaignCommand(long runs) {
    StringBuilder b = sizeFlags().append(" --guided");
    if (mutantShare != null) {
      b.append(" --mutant-share ").append(mutantShare);
    }
    int[] own = shard == null ? new int[] {1, 1} : shardNumbers();
    b.append(" --first-seed ").append(firstSeed);
    b.append(" --seeds ").append((runs - 1) * own[1] + own[0]);
    return shard == null ? b.toString() : b.append(" --shard ").append(shard).toString();
  }

  private int[] shardNumbers() {
    Shard s = parseShard();
    return new int[] {s.index(), s.count()};
  }

  /** "./faultline fuzz" with this campaign's protocol, variant, sizes and options. */
  private StringBuilder sizeFlags() {
    StringBuilder b = new StringBuilder("./faultline fuzz --protocol ").append(protocol);
    if (variant != null) {
      b.append(" --variant ").append(variant);
    }
    if (!drawnShape) {
      b.append(" --servers ").append(nodes);
    }
    b.append(" --clients ").append(clients);
    b.append(" --ops ").append(ops);
    new java.util.TreeMap<>(options).forEach((k, v) -> b.append(" --option ").append(k + "=" + v));
    if (noLiveness) {
      b.append(" --no-liveness");
    }
    return b;
  }

  /** Where each written failure's scenario, trace and shrunk scenario are, and how to rerun it. */
  private static void printWritten(
      PrintWriter human, List<FailureReport.Written> written, FuzzCampaign.Summary summary) {
    for (FailureReport.Written w : written) {
      human.println("FAIL seed " + w.seed() + ": " + w.property() + ": " + w.message());
      Scenario mutant = summary.mutants().get(w.seed());
      if (mutant != null) {
        human.println("  mutant:    " + mutant.description());
      }
      human.println("  scenario:  " + w.scenarioFile());
      human.println(
          "  trace:     "
              + w.runDir().resolve("trace.jsonl")
              + " (history.jsonl, result.json, report.html beside it)");
      if (w.shrink() != null) {
        human.println("  shrunk:    " + w.shrunkFile() + "  " + w.shrink().summary());
      }
      human.println("  reproduce: " + w.reproduce());
    }
  }

  private String json(
      FuzzCampaign.Summary s,
      List<FailureReport.Written> written,
      int exit,
      long seeds,
      long timeMillis,
      int shardIndex,
      int shardCount,
      long startNanos) {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = m.createObjectNode();
    o.put("protocol", protocol);
    o.put("variant", variant);
    o.put("firstSeed", firstSeed);
    o.put("seedsRequested", seeds);
    o.put("timeMillisRequested", timeMillis);
    o.put("shard", shardIndex + "/" + shardCount);
    o.put("threads", s.threads());
    if (drawnShape) {
      o.put("nodes", SizeMixin.DRAWN);
    } else {
      o.put("nodes", nodes);
    }
    o.put("clients", clients);
    o.put("opsPerSeed", ops);
    o.set("options", m.valueToTree(new java.util.TreeMap<>(options)));
    o.put("noLiveness", noLiveness);
    o.put("checkDeterminism", checkDeterminism);
    o.put("guided", guided);
    o.put("seedsRun", s.outcomes().size());
    o.put("elapsedMillis", s.elapsedMillis());
    o.put("elapsedMillisWithShrinking", (System.nanoTime() - startNanos) / 1_000_000);
    o.put("seedsPerMinute", Math.round(s.seedsPerMinute() * 10) / 10.0);
    o.put(
        "eventsPerSeedMean",
        Math.round(s.outcomes().stream().mapToLong(SeedOutcome::events).average().orElse(0)));
    o.put("eventsPerSeedMax", s.outcomes().stream().mapToLong(SeedOutcome::events).max().orElse(0));
    o.put("failed", s.failures().size());
    o.put("inconclusive", s.outcomes().stream().filter(SeedOutcome::inconclusive).count());
    o.put("livenessLimits", s.livenessLimits().size());
    putSeedLists(o, s);
    ArrayNode reports = o.putArray("failures");
    for (FailureReport.Written w : written) {
      ObjectNode r = reports.addObject();
      r.put("seed", w.seed());
      r.put("property", w.property());
      r.put("scenario", w.scenarioFile().toString());
      r.put("trace", w.runDir().resolve("trace.jsonl").toString());
      r.put("history", w.runDir().resolve("history.jsonl").toString());
      r.put("shrunk", w.shrunkFile() == null ? null : w.shrunkFile().toString());
      if (w.shrink() != null) {
        r.put("sizeBefore", w.shrink().sizeBefore());
        r.put("sizeAfter", w.shrink().sizeAfter());
      }
      r.put("reproduce", w.reproduce());
      dev.faultline.scenario.run.ResultJson.putChecks(r, w.checks());
    }
    o.set("stats", CampaignStats.of(s.outcomes()).toNode());
    if (s.guided() != null) {
      o.set("guidedStats", m.valueToTree(s.guided()));
    }
    o.put("exitCode", exit);
    try {
      return m.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Progress on stderr, about once a second, only when stderr is a terminal: seeds done of the
   * total, elapsed time and (for a seed count) the time left at the rate so far.
   */
  static final class Progress {
    private final PrintWriter err;
    private final boolean on;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long start = System.nanoTime();
    private long lastPrint;

    Progress(PrintWriter err, boolean on, long total) {
      this.err = err;
      this.on = on;
      this.total = total;
    }

    void seedDone(SeedOutcome o) {
      long n = done.incrementAndGet();
      if (o.failed()) {
        failed.incrementAndGet();
      }
      if (!on) {
        return;
      }
      synchronized (this) {
        long now = System.nanoTime();
        if (now - lastPrint > 1_000_000_000L) {
          lastPrint = now;
          err.print("\r" + line(n, failed.get(), (now - start) / 1_000_000) + "   ");
          err.flush();
        }
      }
    }

    /** "12 of 100 seeds, 0:14 elapsed, ETA 1:40, 654 seeds/min, 1 failed". */
    String line(long done, long failedSoFar, long elapsedMillis) {
      double perMinute = done * 60_000.0 / Math.max(elapsedMillis, 1);
      String eta =
          total > 0 && done > 0
              ? ", ETA " + clock(elapsedMillis * Math.max(total - done, 0) / done)
              : "";
      return String.format(
          java.util.Locale.ROOT,
          "%d%s seeds, %s elapsed%s, %.0f seeds/min, %d failed",
          done,
          total > 0 ? " of " + total : "",
          clock(elapsedMillis),
          eta,
          perMinute,
          failedSoFar);
    }

    private static String clock(long millis) {
      long s = millis / 1000;
      return s >= 3600
          ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
          : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    void finish() {
      if (on) {
        err.print("\r\033[K");
        err.flush();
      }
    }
  }
}
