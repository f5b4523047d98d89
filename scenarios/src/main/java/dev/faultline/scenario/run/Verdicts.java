package dev.faultline.scenario.run;

import dev.faultline.scenario.model.Scenario;

/** The one-paragraph, human verdict that {@code faultline run} prints. */
public final class Verdicts {
  private Verdicts() {}

  private static String sentence(String s) {
    return s == null ? "" : s.endsWith(".") ? s : s + ".";
  }

  /** Every property the run checked, with its outcome, on one line (violations first). */
  public static String checksLine(ScenarioResult r) {
    StringBuilder b = new StringBuilder("Checked:");
    String sep = " ";
    for (PropertyCheck c : r.checks()) {
      b.append(sep).append(c.property()).append(' ').append(c.outcome().replace('-', ' '));
      sep = "; ";
    }
    return b.append('.').toString();
  }

  public static String paragraph(ScenarioResult r, String reproduce) {
    Scenario s = r.scenario();
    StringBuilder b = new StringBuilder();
    b.append(s.name()).append(" (").append(s.protocol());
    b.append(s.variant() == null ? ", correct protocol" : ", variant " + s.variant());
    b.append(", ")
        .append(s.nodes())
        .append(" nodes, ")
        .append(s.clients())
        .append(s.clients() == 1 ? " client, " : " clients, ")
        .append(s.operationCount())
        .append(" ops, ")
        .append(s.faults().size())
        .append(" faults, seed ")
        .append(s.seed())
        .append("): ran to tick ")
        .append(r.outcome().tick())
        .append(" (")
        .append(r.outcome().events())
        .append(" events). ");
    switch (r.verdict()) {
      case PASS ->
          b.append("No property was violated: invariants held, the history is linearizable")
              .append(
                  s.stabilizeTicks() > 0 ? " and every client finished after stabilizing. " : ". ");
      case VIOLATION ->
          b.append("VIOLATED ")
              .append(r.property())
              .append(" at tick ")
              .append(r.violationTick())
              .append(": ")
              .append(sentence(r.message()))
              .append(" ");
      case INCONCLUSIVE -> b.append("INCONCLUSIVE: ").append(sentence(r.message())).append(" ");
    }
    if (s.expectsPass()) {
      b.append(r.expectationMet() ? "Expected: pass." : "Expected pass: this is a FAILURE.");
    } else if (r.expectationMet()) {
      b.append("Expected ")
          .append(s.expect())
          .append(" to be violated, and it was: the regression scenario PASSES.");
    } else {
      b.append("Expected ")
          .append(s.expect())
          .append(" to be violated, but ")
          .append(r.property() == null ? "nothing was" : r.property() + " was instead")
          .append(": the regression scenario FAILS.");
    }
    if (reproduce != null && r.failed()) {
      b.append(" Reproduce: ").append(reproduce);
    }
    return b.toString();
  }
}
