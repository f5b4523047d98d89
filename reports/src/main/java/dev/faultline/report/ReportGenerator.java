package dev.faultline.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds a self-contained HTML space-time diagram from a trace (JSON Lines), optionally with the
 * client history and the linearizability checker's explanation.
 *
 * <pre>{@code
 * ReportGenerator.fromFiles(trace, history, explanation)   // history, explanation nullable
 *     .title("raft R1: lost write")
 *     .reproduce("./faultline run scenarios/library/raft/r1.json --seed 7")
 *     .writeHtml(out);
 * }</pre>
 *
 * Bad input throws {@link ReportInputException} naming the file, line and problem.
 */
public final class ReportGenerator {
  private final Path traceFile;
  private final List<String> traceLines;
  private Path historyFile;
  private List<String> historyLines;
  private Path explanationFile;
  private String explanationJson;
  private String title;
  private String reproduce;
  private Path resultFile;
  private java.util.function.IntFunction<String> clientLane;
  private String resultJson;
  private Path statesFile;

  private ReportGenerator(Path traceFile, List<String> traceLines) {
    this.traceFile = traceFile;
    this.traceLines = traceLines;
  }

  /** A report of a trace file; {@code history} and {@code explanation} may be null. */
  public static ReportGenerator fromFiles(Path trace, Path history, Path explanation) {
    ReportGenerator g = new ReportGenerator(trace, null);
    g.historyFile = history;
    g.explanationFile = explanation;
    g.statesFile = besideTrace(trace, STATES);
    return g;
  }

  /** The node-state file a run writes beside its trace; a report picks it up by itself. */
  public static final String STATES = "states.jsonl";

  /** Node states recorded along the run ({@code states.jsonl}); null: none. */
  public ReportGenerator states(Path file) {
    this.statesFile = file;
    return this;
  }

  /** A report of trace lines held in memory (each one JSON object, as TraceJson writes them). */
  public static ReportGenerator fromTraceLines(List<String> traceLines) {
    return new ReportGenerator(Path.of("<trace>"), List.copyOf(traceLines));
  }

  /** History JSON Lines held in memory (overrides the history events in the trace). */
  public ReportGenerator historyLines(List<String> lines) {
    this.historyLines = List.copyOf(lines);
    this.historyFile = historyFile == null ? Path.of("<history>") : historyFile;
    return this;
  }

  /** The checker's explanation JSON held in memory. */
  public ReportGenerator explanationJson(String json) {
    this.explanationJson = json;
    this.explanationFile = explanationFile == null ? Path.of("<explanation>") : explanationFile;
    return this;
  }

  /**
   * The run's {@code result.json}: its "checks" (every property with its outcome) head the report.
   */
  public ReportGenerator result(Path file) {
    this.resultFile = file;
    return this;
  }

  /** The run's result JSON held in memory (see {@link #result(Path)}). */
  public ReportGenerator resultJson(String json) {
    this.resultJson = json;
    this.resultFile = resultFile == null ? Path.of("<result>") : resultFile;
    return this;
  }

  /**
   * The file {@code name} (result.json, linearizability.json, ...) in the trace's directory, if a
   * run left it there; else null.
   */
  public static Path besideTrace(Path trace, String name) {
    Path p = trace.resolveSibling(name);
    return Files.isRegularFile(p) ? p : null;
  }

  /**
   * How a history's process ids are named on the page. The default is the simulator's ("c1" is
   * process 0); a history from elsewhere (Jepsen) keeps its own ids, e.g. {@code p -> "p" + p}.
   */
  public ReportGenerator clientNames(java.util.function.IntFunction<String> names) {
    this.clientLane = names;
    return this;
  }

  public ReportGenerator title(String title) {
    this.title = title;
    return this;
  }

  /** The one command line that reproduces the run, shown in the header with a copy button. */
  public ReportGenerator reproduce(String commandLine) {
    this.reproduce = commandLine;
    return this;
  }

  /** Writes the report and returns what it contains. */
  public ReportSummary writeHtml(Path out) {
    Built built = build();
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, built.html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return built.summary;
  }

  /** The report as a string (for callers that store it themselves). */
  public String html() {
    return build().html;
  }

  private record Built(String html, ReportSummary summary) {}

  private Built build() {
    DiagramBuilder b = new DiagramBuilder(traceFile);
    if (clientLane != null) {
      b.clientLane = clientLane;
    }
    if (traceLines != null) {
      JsonLines.forEach(traceFile, traceLines, b::accept);
    } else {
      JsonLines.forEach(traceFile, b::accept);
    }
    if (b.events == 0) {
      throw ReportInputException.at(traceFile, 0, "empty trace (no events)");
    }
    List<HistoryEntry> history = b.traceHistory;
    Path opsFile = null;
    if (historyLines != null) {
      history = HistoryFile.parse(historyFile, historyLines);
      opsFile = historyFile;
    } else if (historyFile != null) {
      history = HistoryFile.read(historyFile);
      opsFile = historyFile;
    }
    history = OpTimes.fill(history, b.traceHistory, b.firstTick, b.lastTick);
    ClientOps ops = new ClientOps(history, opsFile);
    Explanation explanation = markExplanation(ops, history);
    for (ClientOps.Op op : ops.ops) {
      b.lanes.index(b.clientLane.apply(op.process)); // every client gets a lifeline, even if silent
    }
    com.fasterxml.jackson.databind.JsonNode result = readResult();
    ObjectNode meta = fillMeta(b, result);
    List<String> states = statesFile == null ? List.of() : NodeStates.read(statesFile);
    meta.put("statesRecorded", states.size());
    String data = DiagramData.write(b, ops, explanation, meta, states);
    String html =
        HtmlPage.render(
            title == null ? defaultTitle(b) : title,
            data,
            result == null ? "" : StatsCharts.html(result.get("stats")));
    ReportSummary summary =
        new ReportSummary(
            b.events,
            b.lanes.size(),
            b.mSend.size(),
            ops.ops.size(),
            html.getBytes(StandardCharsets.UTF_8).length);
    return new Built(html, summary);
  }

  /** An explanation of the history, if one was given, marked on the client operations. */
  private Explanation markExplanation(ClientOps ops, List<HistoryEntry> history) {
    if (explanationFile == null) {
      return null;
    }
    Explanation explanation =
        explanationJson != null
            ? Explanation.parse(explanationFile, explanationJson)
            : Explanation.read(explanationFile);
    if (history.isEmpty()) {
      throw ReportInputException.at(
          explanationFile,
          0,
          "an explanation needs a history (--history, or history events in the trace)");
    }
    ops.mark(explanation, explanationFile);
    return explanation;
  }

  /** The page's metadata: the trace's own, plus title, extent, verdict and violation's cause. */
  /** The run's result.json, if one was given, checked; else null. */
  private com.fasterxml.jackson.databind.JsonNode readResult() {
    if (resultFile == null) {
      return null;
    }
    return resultJson != null
        ? RunVerdict.parse(resultFile, resultJson)
        : RunVerdict.read(resultFile);
  }

  private ObjectNode fillMeta(DiagramBuilder b, com.fasterxml.jackson.databind.JsonNode result) {
    ObjectNode meta = b.meta;
    meta.put("title", title);
    meta.put("reproduce", reproduce);
    meta.put("firstTick", b.firstTick);
    meta.put("lastTick", b.lastTick);
    meta.put("events", b.events);
    meta.put("unknownKinds", b.unknownKinds);
    b.clockBounds.writeTo(meta.putArray("clockOutOfBound"));
    if (result != null) {
      RunVerdict.into(meta, result);
    }
    if (b.violationAfter >= 0 && meta.get("violation") instanceof ObjectNode v) {
      long[] place = b.placeOf(b.violationAfter);
      if (place != null) {
        v.put("causeTick", place[0]);
        v.put("causeLane", place[1]);
      }
    }
    return meta;
  }

  private static String defaultTitle(DiagramBuilder b) {
    String scenario = b.meta.path("scenario").asText("");
    String protocol = b.meta.path("protocol").asText("");
    String t = !scenario.isEmpty() && !scenario.equals("null") ? scenario : protocol;
    return t.isEmpty() || t.equals("null") ? "Faultline trace" : t;
  }
}
