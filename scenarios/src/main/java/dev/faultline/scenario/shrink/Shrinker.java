package dev.faultline.scenario.shrink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.model.Workload;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing scenario to a small one that violates the SAME property: delta debugging
 * ({@link DeltaDebug}) over the fault timeline and the client operations, then fewer clients, fewer
 * servers and fewer random network faults, repeated until nothing more can go (1-minimal with
 * respect to each of those) or the budget runs out. Every candidate is a full deterministic run, so
 * the result is a concrete file that replays.
 *
 * <p>Before any search, a violation of an invariant at tick t (or a non-linearizable operation
 * completed at t) lets everything after t go at once: faults after t never happen and operations
 * not due before t are never issued, so cutting them (and ending the run at t+1) keeps the run
 * identical up to the violation; it is verified anyway.
 *
 * <p>Removing one operation shifts every later random draw of the network, so a smaller candidate
 * that passes under the scenario's seed is also tried under a few derived seeds ({@link
 * Budget#seedAttempts()}); the seed is part of the result, which replays exactly. Once ddmin and
 * the other passes are stuck, each remaining fault and operation is retried alone under many more
 * derived seeds ({@link Budget#fishSeeds()}), and if one goes the passes run again: failures that
 * need a rare interleaving (Raft's Figure 8 fails under ~2 of 100 seeds of its swarm scenario) are
 * otherwise 1-minimal long before they are small. All seeds are derived from the input, so the same
 * input shrinks to the same output.
 */
public final class Shrinker {
  /**
   * Upper bounds on the shrink search.
   *
   * @param seedAttempts derived seeds tried for each ddmin candidate that passes under its own
   * @param fishSeeds seeds (its own, then derived ones) tried for each single removal once the
   *     other passes are stuck; 0 turns that pass off
   */
  public record Budget(int maxRuns, long maxMillis, int seedAttempts, int fishSeeds) {
    public static final Budget DEFAULT = new Budget(20_000, 300_000, 2, 32);

    public Budget(int maxRuns, long maxMillis) {
      this(maxRuns, maxMillis, 2, 32);
    }

    public Budget(int maxRuns, long maxMillis, int seedAttempts) {
      this(maxRuns, maxMillis, seedAttempts, 32);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunOptions options;
  private final Budget budget;
  private int runs;
  private long startNanos;
  private String stoppedBy;
  private String property;
  private String message;
  private final int seedAttempts;

  /** The last candidate that failed (with the seed it failed under). */
  private Scenario lastFailing;

  public Shrinker(RunOptions options, Budget budget) {
    // Candidates run without files or hashes; only the verdict matters.
    this.options = options.withOut(null).withHashTrace(false);
    this.budget = budget;
    this.seedAttempts = budget.seedAttempts();
  }

  /** Shrinks {@code failing}; null when it does not fail at all. */
  @SuppressWarnings("forbiddenapis") // wall clock bounds the search only, never a run
  public ShrinkResult shrink(Scenario failing) {
    startNanos = System.nanoTime();
    ScenarioResult first = ScenarioRunner.run(failing, options);
    runs = 1;
    if (!first.failed()) {
      return null;
    }
    property = first.property();
    message = first.message();
    Scenario best = materialize(failing);
    best = stillFails(best) ? lastFailing : failing;
    best = cutAfterViolation(best, first);
    best = pinIssueTicks(best);
    best = shrinkUntilStable(best);
    if (best.seed() != failing.seed() && stoppedBy == null) {
      // Derived seeds are opaque; if the fuzz seed the user knows still fails, keep that one.
      Scenario original = best.withSeed(failing.seed());
      if (failsOnce(original)) {
        best = original;
      }
    }
    best = checkedAgain(best, failing);
    // The shrunk file is a regression scenario: it expects the property it violates, so that
    // 'faultline run' on it passes while the bug is there.
    Scenario shrunk =
        best.withExpect(property)
            .withName(
                failing.name() + "-shrunk",
                "Shrunk from "
                    + failing.name()
                    + " ("
                    + ShrinkResult.size(failing)
                    + " faults+ops -> "
                    + ShrinkResult.size(best)
                    + "); violates "
                    + property
                    + ". "
                    + failing.description());
    return new ShrinkResult(
        failing,
        shrunk,
        property,
        message,
        runs,
        (System.nanoTime() - startNanos) / 1_000_000,
        stoppedBy);
  }

  /** Every shrinking pass, repeated while one of them makes the scenario smaller. */
  private Scenario shrinkUntilStable(Scenario best) {
    boolean changed = true;
    while (changed && stoppedBy == null) {
      int before = ShrinkResult.size(best) + best.nodes() + best.clients() + best.options().size();
      NetworkConfig netBefore = best.network();
      // Thin the workload while all faults still make the failure robust to new random draws.
      best = thinOps(best);
      best = shrinkFaults(best);
      best = shrinkOps(best);
      best = dropIdleClients(best);
      best = shrinkNodes(best);
      best = shrinkNetwork(best);
      best = shrinkOptions(best);
      changed =
          ShrinkResult.size(best) + best.nodes() + best.clients() + best.options().size() < before
              || !best.network().equals(netBefore);
      if (!changed && stoppedBy == null) {
        int size = ShrinkResult.size(best);
        best = fishSingles(best);
        changed = ShrinkResult.size(best) < size;
      }
    }
    return best;
  }

  /**
   * Every accepted candidate failed when it was tried; runs the final one once more, as is, and
   * ends it at its violation if that moved. The original if it does not fail the same way again.
   */
  private Scenario checkedAgain(Scenario best, Scenario failing) {
    ScenarioResult check = ScenarioRunner.run(best, options);
    runs++;
    Scenario cut = check.failed() ? cutAt(best, violationPoint(check)) : null;
    if (cut != null && property.equals(check.property())) {
      // Seeds and removals moved the violation (usually earlier): end the file there too.
      ScenarioResult again = ScenarioRunner.run(cut, options);
      runs++;
      if (again.failed() && property.equals(again.property())) {
        best = cut;
        check = again;
      }
    }
    if (!(check.failed() && property.equals(check.property()))) {
      best = failing;
      stoppedBy = "the shrunk candidate did not fail again (nondeterminism?); kept the original";
    }
    return best;
  }

  @SuppressWarnings("forbiddenapis")
  private boolean stillFails(Scenario candidate) {
    if (stoppedBy != null) {
      return false;
    }
    if (runs >= budget.maxRuns()) {
      stoppedBy = "run budget (" + budget.maxRuns() + " runs)";
      return false;
    }
    if ((System.nanoTime() - startNanos) / 1_000_000 >= budget.maxMillis()) {
      stoppedBy = "time budget (" + budget.maxMillis() / 1000 + " s)";
      return false;
    }
    return failsAsIs(candidate) != null;
  }

  /**
   * The candidate, or the candidate under one of a few other seeds, that still violates the
   * property; null if none does. Removing one operation shifts every later random draw of the
   * network, so a smaller scenario often still fails, just not under the same seed: trying a few
   * seeds keeps the search from stalling on that noise. The seed is part of the scenario, so the
   * result still replays exactly.
   */
  private Scenario failsAsIs(Scenario candidate) {
    for (int attempt = 0; attempt <= seedAttempts; attempt++) {
      if (attempt > 0 && runs >= budget.maxRuns()) {
        return null;
      }
      Scenario c =
          attempt == 0
              ? candidate
              : candidate.withSeed(Rng.deriveSeed(candidate.seed(), "shrink-" + attempt));
      runs++;
      try {
        ScenarioResult r = ScenarioRunner.run(c, options);
        if (r.failed() && property.equals(r.property())) {
          message = r.message();
          lastFailing = c;
          return c;
        }
      } catch (IllegalArgumentException e) {
        return null; // e.g. the protocol refuses that cluster size
      }
    }
    return null;
  }

  /** A generated workload becomes its explicit script, so operations can be removed one by one. */
  private static Scenario materialize(Scenario s) {
    if (s.workload() instanceof Workload.Script) {
      return s;
    }
    return s.withWorkload(s.clients(), new Workload.Script(s.clientOps()));
  }

  private Scenario cutAfterViolation(Scenario s, ScenarioResult r) {
    Scenario cut = cutAt(s, violationPoint(r));
    return cut != null && stillFails(cut) ? lastFailing : s;
  }

  /**
   * {@code s} without what comes after tick {@code t} (faults, operations not due by then, the rest
   * of the run and the stabilize phase); null when {@code t} is unknown or nothing would go.
   */
  private static Scenario cutAt(Scenario s, long t) {
    if (t < 0) {
      return null;
    }
    List<ScheduledFault> faults = s.faults().stream().filter(f -> f.tick() <= t).toList();
    List<List<ClientOp>> script = new ArrayList<>();
    for (List<ClientOp> ops : s.clientOps()) {
      script.add(ops.stream().filter(op -> op.notBeforeTick() <= t).toList());
    }
    Scenario cut = s.withFaults(faults).withWorkload(s.clients(), new Workload.Script(script));
    if (t + 1 < s.durationTicks()) { // a violation while stabilizing keeps the whole run
      cut = cut.withTicks(t + 1, 0);
    }
    return cut.equals(s) ? null : cut;
  }

  /**
   * The tick by which the violation had happened: an invariant's violation tick, or for
   * linearizability the completion of the operation that cannot be placed (everything after it
   * cannot make the history prefix linearizable again); -1 when unknown (e.g. Liveness).
   */
  static long violationPoint(ScenarioResult r) {
    if (r.outcome().violated()) {
      return r.violationTick();
    }
    if (!"Linearizability".equals(r.property()) || r.linearizability() == null) {
      return -1;
    }
    try {
      JsonNode u = JSON.readTree(r.linearizability()).path("unplaceable");
      int index = u.path("completeIndex").asInt(-1);
      if (index < 0 || index >= r.history().size()) {
        return -1;
      }
      return r.history().get(index).timeTicks();
    } catch (JsonProcessingException e) {
      return -1;
    }
  }

  private Scenario shrinkFaults(Scenario s) {
    lastFailing = null;
    List<ScheduledFault> kept = DeltaDebug.minimize(s.faults(), f -> stillFails(s.withFaults(f)));
    // ddmin's result is the last subset that failed, so lastFailing is it (with its seed).
    boolean smaller = kept.size() < s.faults().size() && lastFailing != null;
    return smaller && lastFailing.faults().equals(kept) ? lastFailing : s;
  }

  /**
   * Removes single faults and operations that ddmin had to keep, trying each removal under many
   * derived seeds ({@link Budget#fishSeeds()}). Some failures (Raft's Figure 8) need a rare
   * interleaving that the shared network random stream produces under few seeds: there every
   * removal shifts all later draws, so a candidate fails under its first couple of seeds about as
   * rarely as the original did under a fresh one. The seed is part of the result, which replays.
   */
  private Scenario fishSingles(Scenario s) {
    Scenario best = s;
    int i = 0;
    while (stoppedBy == null && i < ShrinkResult.size(best)) {
      Scenario hit = fish(withoutElement(best, i), best.seed(), "fish-" + i);
      if (hit != null) {
        best = hit; // element i is gone; the next one now has index i
      } else {
        i++;
      }
    }
    return best;
  }

  /**
   * The candidate under the first of {@link Budget#fishSeeds()} seeds (its own, then seeds derived
   * from {@code seed} and {@code label}) that still violates the property; null if none does.
   */
  private Scenario fish(Scenario candidate, long seed, String label) {
    for (int attempt = 0; attempt < budget.fishSeeds() && stoppedBy == null; attempt++) {
      Scenario c =
          attempt == 0
              ? candidate
              : candidate.withSeed(Rng.deriveSeed(seed, label + "-" + attempt));
      if (failsOnce(c)) {
        return c;
      }
    }
    return null;
  }

  /** The scenario without its i-th element: faults first, then operations client by client. */
  private static Scenario withoutElement(Scenario s, int i) {
    if (i < s.faults().size()) {
      List<ScheduledFault> faults = new ArrayList<>(s.faults());
      faults.remove(i);
      return s.withFaults(faults);
    }
    int k = i - s.faults().size();
    List<List<ClientOp>> script = new ArrayList<>();
    for (List<ClientOp> ops : s.clientOps()) {
      List<ClientOp> copy = new ArrayList<>(ops);
      if (k >= 0 && k < copy.size()) {
        copy.remove(k);
      }
      k -= ops.size();
      script.add(copy);
    }
    return s.withWorkload(s.clients(), new Workload.Script(script));
  }

  /**
   * Pins every operation to the tick it was issued at in the failing run ({@code notBeforeTick}).
   * Clients issue their next operation as soon as the previous one completes, so operations double
   * as a clock: removing an early one would move every later one (often the fatal read) in time,
   * and the failure would vanish instead of shrinking. Pinned, a removal leaves the others' timing
   * alone. Kept only if the pinned scenario still fails (a skewed client clock can make it differ).
   */
  private Scenario pinIssueTicks(Scenario s) {
    if (stoppedBy != null) {
      return s;
    }
    ScenarioResult run = ScenarioRunner.run(s, options);
    runs++;
    List<List<ClientOp>> script = s.clientOps();
    List<List<Long>> issued = new ArrayList<>();
    for (int k = 0; k < script.size(); k++) {
      issued.add(new ArrayList<>());
    }
    for (HistoryEvent e : run.history()) {
      if (e.type() == HistoryEvent.Type.INVOKE && e.process() < script.size()) {
        issued.get(e.process()).add(e.timeTicks());
      }
    }
    List<List<ClientOp>> pinned = new ArrayList<>();
    boolean moved = false;
    for (int k = 0; k < script.size(); k++) {
      List<ClientOp> ops = new ArrayList<>();
      for (int i = 0; i < script.get(k).size(); i++) {
        ClientOp op = script.get(k).get(i);
        long at = i < issued.get(k).size() ? issued.get(k).get(i) : op.notBeforeTick();
        if (at > op.notBeforeTick()) {
          op = new ClientOp(op.f(), op.key(), op.value(), at);
          moved = true;
        }
        ops.add(op);
      }
      pinned.add(ops);
    }
    if (!moved) {
      return s;
    }
    Scenario candidate = s.withWorkload(s.clients(), new Workload.Script(pinned));
    return failsOnce(candidate) ? candidate : s;
  }

  /**
   * Keeps only the first 1/16, 1/8, 1/4 or 1/2 of every client's operations, under up to 8 seeds: a
   * cheap big step before ddmin, for failures that need the workload's shape rather than particular
   * operations but are sensitive to the random draws any removal shifts.
   */
  private Scenario thinOps(Scenario s) {
    List<List<ClientOp>> script = s.clientOps();
    for (int divisor : new int[] {16, 8, 4, 2}) {
      List<List<ClientOp>> prefix = new ArrayList<>();
      for (List<ClientOp> ops : script) {
        List<ClientOp> kept = new ArrayList<>();
        for (int i = 0; i < ops.size(); i += divisor) {
          kept.add(ops.get(i)); // every divisor-th op: fewer ops over the same time span
        }
        prefix.add(kept);
      }
      Scenario candidate = s.withWorkload(s.clients(), new Workload.Script(prefix));
      if (candidate.operationCount() >= s.operationCount()) {
        continue;
      }
      for (int attempt = 0; attempt < 8 && stoppedBy == null; attempt++) {
        Scenario c =
            attempt == 0
                ? candidate
                : candidate.withSeed(
                    Rng.deriveSeed(s.seed(), "truncate-" + divisor + "-" + attempt));
        if (failsOnce(c)) {
          return c;
        }
      }
    }
    return s;
  }

  /** One run of exactly this candidate (no seed search); counts against the budget. */
  private boolean failsOnce(Scenario c) {
    if (runs >= budget.maxRuns()) {
      stoppedBy = "run budget (" + budget.maxRuns() + " runs)";
      return false;
    }
    runs++;
    try {
      ScenarioResult r = ScenarioRunner.run(c, options);
      return r.failed() && property.equals(r.property());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** An operation's place: client index and position in its script. */
  private record OpRef(int client, int index) {}

  private Scenario shrinkOps(Scenario s) {
    List<List<ClientOp>> script = s.clientOps();
    List<OpRef> all = new ArrayList<>();
    for (int c = 0; c < script.size(); c++) {
      for (int i = 0; i < script.get(c).size(); i++) {
        all.add(new OpRef(c, i));
      }
    }
    lastFailing = null;
    List<OpRef> kept = DeltaDebug.minimize(all, refs -> stillFails(withOps(s, script, refs)));
    boolean smaller = kept.size() < all.size() && lastFailing != null;
    return smaller && lastFailing.operationCount() == kept.size() ? lastFailing : s;
  }

  private static Scenario withOps(Scenario s, List<List<ClientOp>> script, List<OpRef> refs) {
    List<List<ClientOp>> out = new ArrayList<>();
    for (int c = 0; c < script.size(); c++) {
      out.add(new ArrayList<>());
    }
    for (OpRef r : refs) {
      out.get(r.client()).add(script.get(r.client()).get(r.index()));
    }
    return s.withWorkload(s.clients(), new Workload.Script(out));
  }

  /** Clients with nothing to do go (later clients are renumbered; values stay unique). */
  private Scenario dropIdleClients(Scenario s) {
    List<List<ClientOp>> busy = s.clientOps().stream().filter(ops -> !ops.isEmpty()).toList();
    if (busy.size() == s.clients() || busy.isEmpty()) {
      return s;
    }
    if (mentionsClients(s)) {
      return s;
    }
    Scenario candidate = s.withWorkload(busy.size(), new Workload.Script(busy));
    return stillFails(candidate) ? lastFailing : s;
  }

  /** Tries every smaller cluster, smallest first; faults on servers that go are dropped. */
  private Scenario shrinkNodes(Scenario s) {
    for (int n = 1; n < s.nodes(); n++) {
      int size = n;
      List<ScheduledFault> faults =
          s.faults().stream().filter(f -> onlyServersUpTo(f.fault(), size)).toList();
      Scenario candidate = s.withNodes(n).withFaults(faults);
      if (stillFails(candidate)) {
        return lastFailing;
      }
    }
    return s;
  }

  /**
   * Drops each protocol option the failure does not need (back to the protocol's default): fuzzed
   * seeds draw options, and a reproduction should show only the ones that matter.
   */
  private Scenario shrinkOptions(Scenario s) {
    Scenario best = s;
    for (String key : List.copyOf(s.options().keySet())) {
      java.util.TreeMap<String, String> fewer = new java.util.TreeMap<>(best.options());
      if (fewer.remove(key) == null) {
        continue;
      }
      Scenario candidate = best.withOptions(fewer);
      if (stillFails(candidate)) {
        best = lastFailing;
      }
    }
    return best;
  }

  /** Zeroes each random network fault rate that is not needed. */
  private Scenario shrinkNetwork(Scenario s) {
    Scenario best = s;
    for (int which = 0; which < 4; which++) {
      NetworkConfig n = best.network();
      NetworkConfig quieter =
          switch (which) {
            case 0 -> n.dropRate() == 0 ? null : n.withoutDrops();
            case 1 -> n.duplicateRate() == 0 ? null : n.withoutDuplicates();
            case 2 -> n.reorderRate() == 0 ? null : n.withoutReorder();
            default -> n.holdRate() == 0 ? null : n.withoutHolds();
          };
      if (quieter != null) {
        Scenario candidate = best.withNetwork(quieter);
        if (stillFails(candidate)) {
          best = lastFailing;
        }
      }
    }
    return best;
  }

  private static boolean mentionsClients(Scenario s) {
    for (ScheduledFault f : s.faults()) {
      for (NodeId id : nodes(f.fault())) {
        if (id.name().startsWith("c")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean onlyServersUpTo(Fault f, int n) {
    for (NodeId id : nodes(f)) {
      String name = id.name();
      if (name.matches("s\\d+") && Integer.parseInt(name.substring(1)) > n) {
        return false;
      }
    }
    return true;
  }

  /** Every node a fault names. */
  static List<NodeId> nodes(Fault f) {
    List<NodeId> out = new ArrayList<>();
    switch (f) {
      case Fault.Partition p -> p.groups().forEach(out::addAll);
      case Fault.Isolate i -> out.add(i.node());
      case Fault.BlockLink b -> {
        out.add(b.from());
        out.add(b.to());
      }
      case Fault.UnblockLink u -> {
        out.add(u.from());
        out.add(u.to());
      }
      case Fault.Crash c -> out.add(c.node());
      case Fault.Restart r -> out.add(r.node());
      case Fault.ClockSkew k -> out.add(k.node());
      case Fault.ClockDrift d -> out.add(d.node());
      case Fault.HoldMessages h -> {
        addIfSet(out, h.from());
        addIfSet(out, h.to());
      }
      case Fault.DropMessages d -> {
        addIfSet(out, d.from());
        addIfSet(out, d.to());
      }
      case Fault.Heal h -> {}
      case Fault.CrashRole c -> {}
      case Fault.IsolateRole i -> {}
      case Fault.RestartLastCrashed r -> {}
      case Fault.RebootAfterAnnotation r -> {}
      case Fault.IsolateAfterAnnotation r -> {}
      case Fault.BlockAfterAnnotation b -> out.add(b.to());
      case Fault.StabilizeAll st -> {}
      case Fault.SetNetwork n -> {}
    }
    return out;
  }

  private static void addIfSet(List<NodeId> out, NodeId id) {
    if (id != null) {
      out.add(id);
    }
  }
}
