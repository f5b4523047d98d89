package dev.faultline.scenario.explore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.cli.ExitCodes;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreResult;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * What a hunt tried and how it ended: the one-line verdict, the exit code and the JSON written next
 * to the counterexample (each stage's model, budget, states, depth, time and outcome).
 */
final class HuntSummary {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String protocol;
  private final String variant;
  private final long timeMillis;
  private final long memoryBytes;
  private final int planned;
  private final List<Hunt.StageOutcome> done;

  HuntSummary(
      String protocol,
      String variant,
      long timeMillis,
      long memoryBytes,
      int planned,
      List<Hunt.StageOutcome> done) {
    this.protocol = protocol;
    this.variant = variant;
    this.timeMillis = timeMillis;
    this.memoryBytes = memoryBytes;
    this.planned = planned;
    this.done = List.copyOf(done);
  }

  /** How the hunt ended: VIOLATION, NONDETERMINISM, SPACE_EXHAUSTED, BUDGET_EXHAUSTED, TIME_OUT. */
  String end() {
    Hunt.StageOutcome last = done.getLast();
    if (last.found()) {
      return last.result().end().name();
    }
    if (done.size() < planned || last.result().end() == EndCondition.TIME_OUT) {
      return "TIME_OUT";
    }
    boolean allExhausted =
        done.stream().allMatch(o -> o.result().end() == EndCondition.SPACE_EXHAUSTED);
    return allExhausted ? "SPACE_EXHAUSTED" : "BUDGET_EXHAUSTED";
  }

  int exitCode() {
    return switch (end()) {
      case "VIOLATION" -> ExitCodes.VIOLATION;
      case "NONDETERMINISM" -> ExitCodes.NONDETERMINISM;
      case "SPACE_EXHAUSTED" -> ExitCodes.OK;
      default -> ExitCodes.INCONCLUSIVE;
    };
  }

  String verdict() {
    long millis = done.stream().mapToLong(Hunt.StageOutcome::millis).sum();
    long generated = done.stream().mapToLong(o -> o.result().states()).sum();
    String spent =
        String.format(
            Locale.ROOT, "%.1f s, %d generated states in all", millis / 1000.0, generated);
    long exhausted =
        done.stream().filter(o -> o.result().end() == EndCondition.SPACE_EXHAUSTED).count();
    long budget = done.stream().filter(Hunt.StageOutcome::budgetReached).count();
    return switch (end()) {
      case "VIOLATION", "NONDETERMINISM" ->
          end() + " in stage " + done.size() + " of " + planned + " (" + spent + ")";
      case "SPACE_EXHAUSTED" ->
          "no violation: every stage's space exhausted within depth "
              + Hunt.MAX_DEPTH
              + " and its bounds ("
              + spent
              + ")";
      case "BUDGET_EXHAUSTED" ->
          "no violation, inconclusive: "
              + budget
              + " of "
              + planned
              + " stages used up their state budget, "
              + exhausted
              + " exhausted their space ("
              + spent
              + ")";
      default ->
          "no violation, inconclusive: the time budget ("
              + timeMillis / 1000
              + " s) ended the hunt after "
              + done.size()
              + " of "
              + planned
              + " stages ("
              + spent
              + ")";
    };
  }

  /** One stage's outcome for people, with the memory line when the memory budget ended it. */
  static String outcomeLine(Hunt.StageOutcome o) {
    ExploreResult r = o.result();
    String line =
        String.format(
            Locale.ROOT,
            "%s%s%s: %d unique states, %d generated, depth %d, %.1f s%s",
            r.end(),
            r.bound() == null ? "" : " (" + r.bound() + ")",
            r.property() == null ? "" : " " + r.property(),
            r.uniqueStates(),
            r.states(),
            r.maxDepth(),
            r.elapsedMillis() / 1000.0,
            o.startMillis() == 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    " (and %.1f s walking to its start: %d steps)",
                    o.startMillis() / 1000.0,
                    o.startSteps()));
    if (o.memoryCapped() && o.budgetReached()) {
      line +=
          "\n    memory budget reached: the stage stopped at "
              + o.explore().maxStates()
              + " distinct states; raise --max-memory (and the JVM heap) or narrow the model";
    }
    return line;
  }

  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("kind", "hunt");
    root.put("protocol", protocol);
    root.put("variant", variant);
    fill(root);
    return write(root);
  }

  /** The counterexample JSON {@code cx} with this hunt's stages added under "hunt". */
  String withHunt(String cx) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(cx);
      fill(root.putObject("hunt"));
      return write(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void fill(ObjectNode node) {
    node.put("end", end());
    node.put("timeBudgetMillis", timeMillis);
    node.put("memoryBudgetBytes", memoryBytes);
    node.put("stagesPlanned", planned);
    ArrayNode stages = node.putArray("stages");
    for (Hunt.StageOutcome o : done) {
      HuntStage s = o.stage();
      ExploreResult r = o.result();
      ObjectNode st = stages.addObject();
      st.put("origin", s.origin());
      st.put("model", s.describe());
      st.put("stateBudget", o.explore().maxStates());
      st.put("memoryCapped", o.memoryCapped());
      st.put("end", r.end().name());
      st.put("bound", r.bound());
      st.put("property", r.property());
      st.put("uniqueStates", r.uniqueStates());
      st.put("generatedStates", r.states());
      st.put("maxDepth", r.maxDepth());
      st.put("elapsedMillis", r.elapsedMillis());
      st.put("startSteps", o.startSteps());
      st.put("startMillis", o.startMillis());
      st.put("startGoals", s.goals());
      st.put("faultBounds", r.faultBounds());
      if (o.found()) {
        st.put("counterexampleSteps", r.path().size());
      }
    }
  }

  private static String write(ObjectNode root) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
