package dev.faultline.scenario.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.explore.Counterexample;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.HandlerFailure;
import dev.faultline.sim.explore.SearchState;
import dev.faultline.sim.explore.Stepper;
import dev.faultline.sim.trace.TraceJson;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * One debugging session: a path through the explorer's model that a person builds one action at a
 * time, every state along it (so undo is dropping the last), the first property it broke, and the
 * recorded steps of the counterexample it started from (if any), which the person can take one by
 * one. Its {@link #view()} is everything the page draws; {@link #counterexampleJson()} is the path
 * as a file {@code faultline run} replays. Calls are synchronized: the HTTP server may call from
 * more than one thread.
 */
public final class DebugSession {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the session explores: the cluster and the model options a counterexample file names. */
  public record Setup(
      String protocol,
      String variant,
      int servers,
      List<List<ClientOp>> workload,
      SortedMap<String, String> options,
      ExploreOptions explore) {}

  private final Setup setup;
  private final Stepper stepper;
  private final List<Counterexample.Step> recorded;
  // A followed run's actions and the state after each (empty for a counterexample: its steps are
  // taken through the model's enabled actions instead).
  private final List<ExploreAction> runActions;
  private final List<SearchState> runStates;
  private final List<SearchState> states = new ArrayList<>();
  private final List<ExploreAction> path = new ArrayList<>();
  private final List<Stepper.Broken> broken = new ArrayList<>();
  private String lastError;
  private String startedFrom;

  /** Starts at the initial state, then takes the first {@code at} recorded steps. */
  public DebugSession(Setup setup, Stepper stepper, List<Counterexample.Step> recorded, int at) {
    this.setup = setup;
    this.stepper = stepper;
    this.recorded = List.copyOf(recorded);
    this.runActions = List.of();
    this.runStates = List.of();
    start(stepper.initial());
    for (int k = 0; k < at; k++) {
      if (!takeRecorded()) {
        throw new IllegalArgumentException(
            "recorded step " + (k + 1) + " (" + recorded.get(k).describe() + ") is not enabled");
      }
    }
  }

  /**
   * Follows a run matched against the model ({@link TraceMatch}): its actions are the recorded
   * path, {@code runStates} the state after each ({@code runStates.get(0)}: the start), and the
   * session starts after the first {@code at} of them.
   */
  public DebugSession(
      Setup setup,
      Stepper stepper,
      List<ExploreAction> runActions,
      List<SearchState> runStates,
      int at) {
    this.setup = setup;
    this.stepper = stepper;
    this.recorded = runActions.stream().map(Counterexample.Step::of).toList();
    this.runActions = List.copyOf(runActions);
    this.runStates = List.copyOf(runStates);
    start(runStates.getFirst());
    for (int k = 0; k < at; k++) {
      takeRecorded();
    }
  }

  private void start(SearchState initial) {
    states.add(initial);
    broken.add(stepper.broken(initial));
  }

  /** Where the session started, shown on the page (e.g. a scenario file's prefix). */
  public synchronized void startedFrom(String where) {
    this.startedFrom = where;
  }

  private SearchState current() {
    return states.getLast();
  }

  /** Takes enabled action number {@code id} in the state after {@code step} steps. */
  public synchronized void act(int step, int id) {
    if (step != path.size()) {
      throw new IllegalStateException(
          "the page shows step " + step + " but the session is at step " + path.size());
    }
    List<ExploreAction> enabled = stepper.enabled(current());
    if (id < 0 || id >= enabled.size()) {
      throw new IllegalArgumentException("no enabled action " + id + " at step " + step);
    }
    take(enabled.get(id));
  }

  private void take(ExploreAction action) {
    SearchState next;
    try {
      next = stepper.apply(current(), action);
    } catch (HandlerFailure e) {
      lastError = e.getMessage();
      throw new IllegalStateException(action.describe() + ": " + e.getMessage());
    }
    lastError = null;
    states.add(next);
    path.add(action);
    broken.add(stepper.broken(next));
  }

  /** Takes the next step of the counterexample the session started from; false if none fits. */
  public synchronized boolean takeRecorded() {
    ExploreAction next = nextRecorded();
    if (next == null) {
      return false;
    }
    if (runStates.isEmpty()) {
      take(next);
    } else {
      // The run's own next state: its timer may have fired out of the model's timer order.
      lastError = null;
      states.add(runStates.get(path.size() + 1));
      path.add(next);
      broken.add(stepper.broken(states.getLast()));
    }
    return true;
  }

  /** The recorded step after the current path, when the path so far follows the recording. */
  private ExploreAction nextRecorded() {
    int k = path.size();
    if (k >= recorded.size()) {
      return null;
    }
    for (int j = 0; j < k; j++) {
      if (Counterexample.keyOf(path.get(j)) != recorded.get(j).key()) {
        return null;
      }
    }
    if (!runActions.isEmpty()) {
      return runActions.get(k);
    }
    for (ExploreAction a : stepper.enabled(current())) {
      if (Counterexample.keyOf(a) == recorded.get(k).key()) {
        return a;
      }
    }
    return null;
  }

  /** Drops the last step; false at the start. */
  public synchronized boolean undo() {
    if (path.isEmpty()) {
      return false;
    }
    states.removeLast();
    path.removeLast();
    broken.removeLast();
    lastError = null;
    return true;
  }

  public synchronized int steps() {
    return path.size();
  }

  /** The step after which a property first broke on this path (0: the start), or -1. */
  public synchronized int firstBrokenStep() {
    for (int k = 0; k < broken.size(); k++) {
      if (broken.get(k) != null) {
        return k;
      }
    }
    return -1;
  }

  /** The path as a counterexample file (up to the first break, if one broke). */
  public synchronized String counterexampleJson() {
    int first = firstBrokenStep();
    List<ExploreAction> steps = first < 0 ? path : path.subList(0, first);
    Stepper.Broken b = first < 0 ? null : broken.get(first);
    Counterexample cx =
        new Counterexample(
            setup.protocol(),
            setup.variant(),
            setup.servers(),
            setup.workload(),
            setup.options(),
            setup.explore(),
            b == null ? "DEBUG_PATH" : "VIOLATION",
            b == null ? null : b.property(),
            b == null ? null : b.message(),
            steps.stream().map(Counterexample.Step::of).toList());
    return cx.toJson(steps);
  }

  /** Everything the page draws, as one JSON object (see docs/guides/debug.md). */
  public synchronized ObjectNode view() {
    SearchState s = current();
    List<ExploreAction> enabled = stepper.enabled(s);
    ObjectNode v = JSON.createObjectNode();
    v.put("protocol", setup.protocol());
    v.put("variant", setup.variant());
    v.put("step", path.size());
    v.put("startedFrom", startedFrom);
    v.put("timeTicks", s.timeTicks());
    v.put("error", lastError);
    ArrayNode p = v.putArray("path");
    for (int k = 0; k < path.size(); k++) {
      ObjectNode o = p.addObject();
      o.put("describe", path.get(k).describe());
      o.put("broken", broken.get(k + 1) != null);
    }
    putBroken(v);
    ArrayNode actions = v.putArray("actions");
    for (int id = 0; id < enabled.size(); id++) {
      ExploreAction a = enabled.get(id);
      actions.addObject().put("id", id).put("kind", a.kind()).put("describe", a.describe());
    }
    DebugViews.nodes(
        v.putArray("nodes"),
        stepper,
        s,
        path.isEmpty() ? null : states.get(states.size() - 2),
        enabled);
    DebugViews.messages(v.putArray("messages"), stepper, s, enabled);
    DebugViews.links(v, stepper, s, enabled);
    ExploreAction next = nextRecorded();
    ObjectNode rec = v.putObject("recorded");
    rec.put("total", recorded.size());
    rec.put("next", next == null ? null : next.describe());
    return v;
  }

  private void putBroken(ObjectNode v) {
    int first = firstBrokenStep();
    if (first < 0) {
      v.putNull("violation");
      return;
    }
    Stepper.Broken b = broken.get(first);
    ObjectNode o = v.putObject("violation");
    o.put("property", b.property());
    o.put("message", b.message());
    o.put("afterStep", first);
    o.put("action", first == 0 ? "the start" : path.get(first - 1).describe());
  }

  /** A value as the trace writes it, as a tree. */
  static JsonNode tree(Object value) {
    try {
      return JSON.readTree(TraceJson.valueJson(value));
    } catch (java.io.IOException e) {
      return JSON.getNodeFactory().textNode(String.valueOf(value));
    }
  }

  /** A node's state for the page: its description, or null while down. */
  static JsonNode stateTree(NodeState<?> state) {
    return state == null ? JSON.getNodeFactory().nullNode() : tree(state.describe());
  }
}
