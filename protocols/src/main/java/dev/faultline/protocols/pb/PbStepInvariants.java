package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The step rules of pb, by the check option {@code checkSteps=true}: every step a node takes is one
 * the protocol's rules allow, given what it received and sent ({@link ViewServerStepInvariant},
 * {@link ServerStepInvariant}). A dropped reply, a view server that decides late, a ping or pump
 * left for the next tick: each breaks a rule at the step, although the run recovers through a retry
 * and may finish within every latency bound. Off by default; it changes no run, only what is
 * judged.
 */
public final class PbStepInvariants {
  private PbStepInvariants() {}

  /** The option that turns the step rules on. */
  public static final String OPTION = "checkSteps";

  /**
   * Whether {@code options} turn the step rules on: {@link #OPTION} is {@code true} or {@code
   * false} (absent: false); any other value is an error naming it.
   */
  static boolean requested(Map<String, String> options) {
    String v = options.get(OPTION);
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        "option '" + OPTION + "' must be true or false, was '" + v + "'");
  }

  /**
   * Checks the option's value (an error names it) and removes it: it is a check's, not the run's.
   */
  static void removeOption(Map<String, String> options) {
    requested(options);
    options.remove(OPTION);
  }

  /** Fresh instances for one run. */
  static List<Invariant> all(NodeId viewServer, List<NodeId> servers) {
    return List.of(
        new ViewServerStepInvariant(viewServer, servers),
        new ServerStepInvariant(viewServer, servers));
  }

  // What a step sent, as the step rules ask it.

  /** Null if the step sent {@code to} exactly {@code want} and nothing else to anyone. */
  static String exactly(Step step, NodeId to, Message want, String after) {
    List<Step.Sent> sent = step.sent();
    if (sent.size() == 1 && sent.get(0).equals(new Step.Sent(to, want))) {
      return null;
    }
    return "after " + after + " " + step.node() + " sent " + sent + ", not " + want + " to " + to;
  }

  /** Null if the step sent nothing to {@code to}. */
  static String none(Step step, NodeId to, String why) {
    for (Step.Sent s : step.sent()) {
      if (s.to().equals(to)) {
        return step.node() + " sent " + s.message() + " to " + to + ", " + why;
      }
    }
    return null;
  }

  /** Whether the step sent {@code to} a message of type {@code type} that {@code test} accepts. */
  static <M extends Message> boolean sent(
      Step step, NodeId to, Class<M> type, Predicate<? super M> test) {
    for (Step.Sent s : step.sent()) {
      if (s.to().equals(to) && type.isInstance(s.message()) && test.test(type.cast(s.message()))) {
        return true;
      }
    }
    return false;
  }
}
