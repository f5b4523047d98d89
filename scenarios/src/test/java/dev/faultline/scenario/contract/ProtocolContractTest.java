package dev.faultline.scenario.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.check.run.ClusterExplore;
import dev.faultline.check.run.DeclaredSearch;
import dev.faultline.scenario.explore.ExploreRun;
import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.run.Verdicts;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.ExploreGolden;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.InvariantSupply;
import dev.faultline.sim.api.VariantSearch;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.ExploreBounds;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every registered protocol meets, generated from the registry: a protocol that
 * registers (one {@code META-INF/services} line) gets all of it with no test edits. For each
 * protocol: fresh invariants equal built ones; same seed, same trace hash, and a different seed, a
 * different one; it declares EVENTUALLY properties beyond client liveness; every library file meets
 * its {@code expect} and every bug file's twin (see {@link LibraryTwins}) runs the correct protocol
 * on the same schedule; every bug variant is found by the swarm fuzzer within the budget it
 * declares ({@link BugVariant.Hunt}); the correct protocol survives {@code -Dfl.contract.seeds=N}
 * swarm seeds; every node's state describes itself ({@link NodeStateDescriptions}) (default {@value
 * #DEFAULT_SEEDS}); and the explorer's golden state count, where the protocol declares one.
 */
class ProtocolContractTest {
  static final int DEFAULT_SEEDS = 3;
  private static final int SEEDS = Integer.getInteger("fl.contract.seeds", DEFAULT_SEEDS);

  // -Dfl.contract.protocol=NAME[,NAME...] checks those protocols only, and
  // -Dfl.contract.searchesOnly=true only their declared searches (e.g. to re-pin them).
  private static final String ONLY = System.getProperty("fl.contract.protocol");

  @TestFactory
  Stream<DynamicNode> everyRegisteredProtocolMeetsTheContract() {
    List<String> only = ONLY == null ? null : List.of(ONLY.split(","));
    return ProtocolRegistry.DEFAULT.all().stream()
        .filter(spec -> only == null || only.contains(spec.name()))
        .map(ProtocolContractTest::contract);
  }

  /** A library folder for a protocol nobody registered would go unchecked (and unrunnable). */
  @Test
  void everyLibraryFolderNamesARegisteredProtocol() throws Exception {
    Path root = LibraryTwins.folder("x").getParent();
    try (Stream<Path> folders = Files.list(root)) {
      for (Path folder : folders.filter(Files::isDirectory).toList()) {
        String name = folder.getFileName().toString();
        assertNotNull(
            ProtocolRegistry.DEFAULT.byName(name), folder + ": no registered protocol " + name);
      }
    }
  }

  /** The whole contract for one protocol, as one container of named checks. */
  static DynamicContainer contract(ClusterSpec spec) {
    if (Boolean.getBoolean("fl.contract.searchesOnly")) { // re-pinning declared searches only
      return DynamicContainer.dynamicContainer(spec.name(), List.of(searches(spec)));
    }
    List<DynamicNode> checks = new ArrayList<>();
    checks.add(
        DynamicTest.dynamicTest("fresh invariants equal built ones", () -> freshInvariants(spec)));
    checks.add(DynamicTest.dynamicTest("same seed, same trace", () -> determinism(spec)));
    checks.add(
        DynamicTest.dynamicTest(
            "declares EVENTUALLY properties beyond client liveness", () -> eventually(spec)));
    checks.add(
        DynamicTest.dynamicTest(
            "every node's state describes itself", () -> NodeStateDescriptions.check(spec)));
    checks.add(
        DynamicTest.dynamicTest(
            "correct protocol passes " + SEEDS + " swarm seeds", () -> swarmSeeds(spec)));
    checks.add(DynamicTest.dynamicTest("explorer golden state count", () -> golden(spec)));
    checks.add(library(spec));
    checks.add(hunts(spec));
    checks.add(searches(spec));
    return DynamicContainer.dynamicContainer(spec.name(), checks);
  }

  /** What the explorer's shortcut gives equals what a built cluster carries, never shared. */
  static void freshInvariants(ClusterSpec spec) {
    ClusterParams params =
        new ClusterParams(
            3,
            null,
            List.of(List.of(new ClientOp("put", "x", "c1-1")), List.of()),
            new TreeMap<>());
    List<Invariant> built = spec.build(params).invariants();
    List<Invariant> fresh = spec.freshInvariants(params);
    assertEquals(names(built), names(fresh));
    List<Invariant> again = spec.freshInvariants(params);
    for (int i = 0; i < fresh.size(); i++) {
      assertNotSame(fresh.get(i), again.get(i), fresh.get(i).name());
      assertNotSame(fresh.get(i), built.get(i), fresh.get(i).name());
    }
    // The explorer's supply: the same invariants, and as transition judges exactly those of them
    // that judge transitions (a step into a seen state checks only these), fresh at every call.
    for (ClusterParams p : List.of(params, noClients())) {
      InvariantSupply supply = spec.invariantSupply(p);
      assertEquals(names(spec.freshInvariants(p)), names(supply.all().get()));
      List<Invariant> judges = supply.transitionJudges().get();
      assertEquals(
          names(InvariantSupply.transitionJudgesOf(spec.freshInvariants(p))), names(judges));
      judges.forEach(j -> assertTrue(j.judgesTransitions(), j.name()));
      List<Invariant> judgesAgain = supply.transitionJudges().get();
      for (int i = 0; i < judges.size(); i++) {
        assertNotSame(judges.get(i), judgesAgain.get(i), judges.get(i).name());
      }
    }
  }

  private static ClusterParams noClients() {
    return new ClusterParams(3, null, List.of(), new TreeMap<>());
  }

  /**
   * Clients finishing is not enough: a replica that never catches up, or a reconfiguration that
   * silently stalls, lets every client finish. Each protocol says what must hold at the end of a
   * stabilized run, as fresh, distinctly named checks.
   */
  static void eventually(ClusterSpec spec) {
    ClusterParams params = new ClusterParams(3, null, List.of(List.of()), new TreeMap<>());
    List<Invariant> first = spec.eventually(params);
    assertFalse(
        first.isEmpty(),
        spec.name()
            + " declares no EVENTUALLY property beyond client liveness: override"
            + " ClusterSpec.eventually(params) to return checks made once at the end of a run"
            + " with a stabilize phase, e.g. every live replica converges on the committed state"
            + " (ReplicasConverge) and every requested reconfiguration completes or is refused"
            + " (see docs/adding-a-protocol.md)");
    List<String> names = first.stream().map(Invariant::name).toList();
    assertEquals(names.size(), Set.copyOf(names).size(), "names repeat: " + names);
    assertFalse(names.contains("Liveness"), "Liveness is the client check every protocol gets");
    List<Invariant> again = spec.eventually(params);
    for (int i = 0; i < first.size(); i++) {
      assertNotSame(first.get(i), again.get(i), first.get(i).name() + " is shared between runs");
    }
  }

  private static List<String> names(List<Invariant> invariants) {
    return invariants.stream().map(i -> i.getClass().getName() + ":" + i.name()).toList();
  }

  /** A drawn swarm scenario twice with one seed: one trace; with the next seed: another. */
  static void determinism(ClusterSpec spec) {
    FuzzConfig c = FuzzConfig.of(spec.name(), null).withOps(40);
    RunOptions hashed = RunOptions.DEFAULT.withHashTrace(true);
    ScenarioResult a = ScenarioRunner.run(SwarmPlan.scenario(c, 1), hashed);
    ScenarioResult b = ScenarioRunner.run(SwarmPlan.scenario(c, 1), hashed);
    ScenarioResult other = ScenarioRunner.run(SwarmPlan.scenario(c, 2), hashed);
    assertNotNull(a.traceSha256());
    assertEquals(a.traceSha256(), b.traceSha256(), "same seed, same trace");
    assertNotEquals(a.traceSha256(), other.traceSha256(), "another seed, another trace");
  }

  /** The correct protocol under swarm seeds: no failure (a declared progress limit is not one). */
  static void swarmSeeds(ClusterSpec spec) {
    FuzzCampaign campaign =
        new FuzzCampaign(FuzzConfig.of(spec.name(), null).withOps(100), RunOptions.DEFAULT, false);
    List<SeedOutcome> failures =
        campaign.run(new FuzzCampaign.Bounds(1, SEEDS, 0, 1, 1), 1, null).failures();
    assertEquals(List.of(), failures);
  }

  static void golden(ClusterSpec spec) {
    ExploreGolden g = spec.exploreGolden();
    Assumptions.assumeTrue(g != null, spec.name() + " declares no golden state count");
    ExploreResult r =
        new ExploreRun(
                spec.name(),
                null,
                g.servers(),
                g.clients(),
                g.opsPerClient(),
                g.options(),
                ExploreOptions.defaults().withMaxDepth(g.maxDepth()),
                true)
            .search();
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
    assertEquals(g.uniqueStates(), r.uniqueStates(), r.summary());
  }

  /** Each library file meets its expect (and replays to the same trace); each bug has a twin. */
  static DynamicContainer library(ClusterSpec spec) {
    List<Path> files = LibraryTwins.files(spec.name());
    List<DynamicNode> checks = new ArrayList<>();
    for (Path f : files) {
      checks.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> meetsExpect(f)));
      if (LibraryTwins.variant(LibraryTwins.read(f)) != null) {
        checks.add(
            DynamicTest.dynamicTest(
                f.getFileName() + " has a correct twin", () -> hasTwin(f, files)));
      }
    }
    if (!files.isEmpty()) {
      checks.add(
          DynamicTest.dynamicTest(
              "every variant has a library scenario", () -> everyVariantCovered(spec, files)));
    }
    return DynamicContainer.dynamicContainer("library/" + spec.name(), checks);
  }

  static void meetsExpect(Path f) {
    Scenario s = ScenarioReader.read(f);
    RunOptions hashed = RunOptions.DEFAULT.withHashTrace(true);
    ScenarioResult r = ScenarioRunner.run(s, hashed);
    assertTrue(r.expectationMet(), Verdicts.paragraph(r, "./faultline run " + f));
    ScenarioResult again = ScenarioRunner.run(s, hashed);
    assertEquals(r.traceSha256(), again.traceSha256(), f + ": same file, same trace");
  }

  static void hasTwin(Path bug, List<Path> files) {
    Path twin = LibraryTwins.twinOf(bug, files);
    assertNotNull(twin, bug + " has no correct twin (same schedule, no variant)");
    JsonNode b = LibraryTwins.read(bug);
    JsonNode t = LibraryTwins.read(twin);
    String bugExpect = b.get("expect").asText();
    String twinExpect = t.get("expect").asText();
    assertNotEquals(bugExpect, twinExpect, bug + ": the variant must change the outcome");
    // The twin meets its own expect (its own file's check): with the bug removed, the property the
    // bug breaks holds.
    assertTrue(
        twinExpect.equals(Scenario.PASS) || twinExpect.equals("Liveness"),
        twin + ": the correct protocol must be safe on the bug's schedule, expects " + twinExpect);
  }

  static void everyVariantCovered(ClusterSpec spec, List<Path> files) {
    TreeSet<String> covered = new TreeSet<>();
    for (Path f : files) {
      String v = LibraryTwins.variant(LibraryTwins.read(f));
      if (v != null) {
        covered.add(v);
      }
    }
    TreeSet<String> declared = new TreeSet<>();
    spec.variants().forEach(v -> declared.add(v.id()));
    assertEquals(declared, covered, spec.name() + ": variants vs library scenarios");
  }

  /** Each variant found by the swarm fuzzer within the seeds it declares. */
  static DynamicContainer hunts(ClusterSpec spec) {
    List<DynamicNode> checks = new ArrayList<>();
    for (BugVariant v : spec.variants()) {
      checks.add(
          DynamicTest.dynamicTest(
              v.id() + " found within " + v.hunt().seeds() + " seeds", () -> hunt(spec, v)));
    }
    return DynamicContainer.dynamicContainer("hunts", checks);
  }

  static void hunt(ClusterSpec spec, BugVariant v) {
    BugVariant.Hunt h = v.hunt();
    Assumptions.assumeTrue(h.declared(), v.id() + " declares no fuzz budget");
    FuzzConfig c = FuzzConfig.of(spec.name(), v.id()).withNodes(h.servers());
    FuzzCampaign campaign = new FuzzCampaign(c, RunOptions.DEFAULT, false);
    for (long seed = h.firstSeed(); seed < h.firstSeed() + h.seeds(); seed++) {
      SeedOutcome o = campaign.runSeed(seed);
      if (o.property() != null && Boolean.getBoolean("fl.contract.print")) {
        System.out.println("SEEN " + spec.name() + " " + v.id() + " " + seed + " " + o.property());
      }
      if (v.huntedProperty().equals(o.property())) {
        if (Boolean.getBoolean("fl.contract.print")) {
          System.out.println("HUNT " + spec.name() + " " + v.id() + " first at " + seed);
        }
        return;
      }
    }
    fail(
        v.id()
            + " ("
            + v.huntedProperty()
            + ") not found in seeds "
            + h.firstSeed()
            + ".."
            + (h.firstSeed() + h.seeds() - 1));
  }

  /**
   * Each variant's declared breadth-first search ({@link VariantSearch}) finds its property at
   * exactly the declared depth (BFS: the shortest counterexample), and the correct protocol under
   * the same search ends without a violation. Searches declared costly run only with {@code
   * -Dfl.contract.bfs=all} (today raft R1 and pb B1, each about 25-55 s with its correct twin on a
   * loaded machine); by default raft R3 and R5 run (about 11 s and 2 s).
   */
  static DynamicContainer searches(ClusterSpec spec) {
    List<DynamicNode> checks = new ArrayList<>();
    for (BugVariant v : spec.variants()) {
      VariantSearch s = v.search();
      if (s != null) {
        checks.add(
            DynamicTest.dynamicTest(
                v.id() + " found by one BFS in " + s.steps() + " steps", () -> search(spec, v, s)));
      }
    }
    return DynamicContainer.dynamicContainer("searches", checks);
  }

  static void search(ClusterSpec spec, BugVariant v, VariantSearch s) {
    Assumptions.assumeTrue(
        !s.costly() || "all".equals(System.getProperty("fl.contract.bfs")),
        v.id() + "'s search is costly: run it with -Dfl.contract.bfs=all");
    ExploreOptions o = DeclaredSearch.options(s, s.steps(), 20_000_000);
    List<ExploreAction> start = DeclaredSearch.startPath(spec, v.id(), s);
    String property = s.property() != null ? s.property() : v.violates();
    ExploreResult r = explore(spec, v.id(), s, o, start);
    if (Boolean.getBoolean("fl.contract.print")) {
      System.out.println("SEARCH " + spec.name() + " " + v.id() + " " + r.summary());
    }
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals(property, r.property(), r.message());
    assertEquals(start.size() + s.steps(), r.path().size(), r.path().toString());
    if (s.uniqueStates() > 0) {
      assertEquals(s.uniqueStates(), r.uniqueStates(), r.summary());
    }
    if (s.bounded()) {
      // Every bounded path is a full-model path: replayed with no bound (the same time model), it
      // violates the same way.
      ExploreOptions full =
          DeclaredSearch.options(s, s.steps(), 20_000_000).withBounds(ExploreBounds.NONE);
      ExploreResult replay = explore(spec, v.id(), s, full, r.path());
      assertEquals(EndCondition.VIOLATION, replay.end(), replay.summary());
      assertEquals(r.path(), replay.path());
    }
    ExploreResult correct = explore(spec, null, s, o, DeclaredSearch.startPath(spec, null, s));
    if (Boolean.getBoolean("fl.contract.print")) {
      System.out.println("SEARCH " + spec.name() + " correct " + correct.summary());
    }
    assertEquals(
        null,
        correct.property(),
        correct.summary() + " " + correct.message() + " " + correct.path());
    assertEquals(EndCondition.BOUND_REACHED, correct.end(), correct.summary());
  }

  private static ExploreResult explore(
      ClusterSpec spec,
      String variant,
      VariantSearch s,
      ExploreOptions o,
      List<ExploreAction> prefix) {
    return ClusterExplore.explore(
        spec, variant, s.servers(), s.workload(), s.options(), o, List.of(), prefix, 1);
  }
}
