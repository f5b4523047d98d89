package dev.faultline.sim.trace;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Node states along a traced run, for reports: {@code states.jsonl} beside {@code trace.jsonl}. It
 * is a {@link TraceSink} (it counts the trace's events, so it knows each step's event range) that
 * the runner also tells, after every step, the state of each node the step touched ({@link #node},
 * then {@link #endStep}). A step is the unit the simulator runs: one delivery, timer or fault, with
 * every event its handler caused; a state is recorded after the whole step.
 *
 * <p>One line per step that changed some node's description: {@code {"i":<first event of the
 * step>,"n":<events in it>,"changed":{"s1":{...state...},"s2":null}}} (null: the node is down). The
 * first line of a run is its boot, which names every node. Traces up to {@link #FULL_EVENTS_MAX}
 * events keep every step; in a longer one only the steps of its last {@link #WINDOW_EVENTS} events
 * are kept (the run stops at its first invariant violation, so these are the events around it),
 * after one {@code "baseline":true} line ({@code "n":0}) holding every node's state just before the
 * window.
 */
public final class NodeStateLog implements TraceSink {
  /** Traces up to this many events keep the states after every step (measured: see docs). */
  public static final long FULL_EVENTS_MAX = 20_000;

  /** In a longer trace, the states of the steps in its last this many events. */
  public static final long WINDOW_EVENTS = 2_000;

  private record Step(long first, long count, TreeMap<String, String> changed) {}

  private final long fullEventsMax;
  private final long windowEvents;
  private final Map<String, String> last = new HashMap<>(); // lookups only, never iterated
  private final TreeMap<String, String> baseline = new TreeMap<>();
  private final ArrayDeque<Step> steps = new ArrayDeque<>();
  private TreeMap<String, String> changed = new TreeMap<>();
  private long events;
  private long stepStart;
  private boolean trimmed;

  public NodeStateLog() {
    this(FULL_EVENTS_MAX, WINDOW_EVENTS);
  }

  /** A log with its own limits (tests). */
  public NodeStateLog(long fullEventsMax, long windowEvents) {
    this.fullEventsMax = fullEventsMax;
    this.windowEvents = windowEvents;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void accept(TraceEvent event) {
    events++;
  }

  @Override
  public NodeStateLog states() {
    return this;
  }

  /** The state of {@code node} after the current step ({@code state} null: the node is down). */
  public void node(NodeId node, NodeState<?> state) {
    String json = state == null ? "null" : json(state.describe());
    String before = last.put(node.name(), json);
    if (!json.equals(before)) {
      changed.put(node.name(), json);
    }
  }

  private static String json(StateDescription d) {
    return d.described() ? TraceJson.valueJson(d) : "{\"undescribed\":true}";
  }

  /** Ends the current step: its events are those accepted since the previous step ended. */
  public void endStep() {
    if (!changed.isEmpty()) {
      steps.add(new Step(stepStart, events - stepStart, changed));
      changed = new TreeMap<>();
    }
    stepStart = events;
    if (events > fullEventsMax) {
      while (!steps.isEmpty() && steps.peekFirst().first() < events - windowEvents) {
        baseline.putAll(steps.pollFirst().changed());
        trimmed = true;
      }
    }
  }

  /** The log as JSON Lines (see the class comment). */
  public void write(Writer out) throws IOException {
    if (trimmed) {
      long at = steps.isEmpty() ? events : steps.peekFirst().first();
      line(out, at, 0, baseline, true);
    }
    for (Step s : steps) {
      line(out, s.first(), s.count(), s.changed(), false);
    }
  }

  /** Writes {@code states.jsonl}. */
  public void write(Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void line(
      Writer out, long first, long count, TreeMap<String, String> states, boolean baseline)
      throws IOException {
    out.write("{\"i\":" + first + ",\"n\":" + count + (baseline ? ",\"baseline\":true" : ""));
    out.write(",\"changed\":{");
    boolean comma = false;
    for (Map.Entry<String, String> e : states.entrySet()) {
      out.write((comma ? "," : "") + TraceJson.valueJson(e.getKey()) + ":" + e.getValue());
      comma = true;
    }
    out.write("}}\n");
  }
}
