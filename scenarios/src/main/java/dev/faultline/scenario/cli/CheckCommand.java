package dev.faultline.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.check.CheckBudget;
import dev.faultline.check.CheckResult;
import dev.faultline.check.History;
import dev.faultline.check.HistoryFiles;
import dev.faultline.check.HistoryFormatException;
import dev.faultline.check.Linearizability;
import dev.faultline.check.Model;
import dev.faultline.check.Models;
import dev.faultline.check.Operation;
import dev.faultline.report.ReportGenerator;
import dev.faultline.report.ReportInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faultline check HISTORY}: is a recorded history linearizable? Exit 0 yes, 1 no (with the
 * operation that cannot be placed), 2 bad input, 3 inconclusive (timeout, or no operations).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a history for linearizability.",
      "Exit codes: 0 linearizable, 1 not linearizable, 2 bad input, 3 inconclusive (timeout,"
          + " or an empty history: no operations, so no verdict)."
    })
public final class CheckCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "HISTORY",
      description =
          "history files (.jsonl, .edn, .log, Porcupine .txt), or directories of them; several are checked in one"
              + " process and end with a table")
  List<Path> histories;

  @Option(
      names = "--model",
      paramLabel = "kv|register",
      description =
          "kv (get/put/append per key) or register (read/write/cas) (default: guessed from the"
              + " first operation)")
  String model;

  @Option(
      names = "--format",
      paramLabel = "jsonl|edn|jepsen-log",
      description =
          "history format (default: from the extension .jsonl .edn .log, or the first"
              + " characters)")
  String format;

  @Option(
      names = "--initial",
      paramLabel = "V",
      description = "the register's initial value (an integer or nil; default nil)")
  String initial;

  @Option(
      names = "--time",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description =
          "give up (inconclusive, exit 3) after this long: 500ms, 10s, 2m, 0 = never (default:"
              + " ${DEFAULT-VALUE})")
  String timeout;

  // Old names are separate fields: picocli applies the new names' defaults after parsing.
  @Option(
      names = "--timeout",
      hidden = true,
      paramLabel = "DURATION",
      description = "old name of --time")
  String timeoutAlias;

  @Option(
      names = "--explanation",
      paramLabel = "FILE.json",
      description = "write the verdict and its explanation as JSON (default: not written)")
  Path explain;

  @Option(
      names = "--explain",
      hidden = true,
      paramLabel = "FILE.json",
      description = "old name of --explanation")
  Path explainAlias;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description =
          "draw the history (and the explanation) as an HTML space-time diagram (default: not"
              + " drawn)")
  Path report;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Duration limit =
        timeoutAlias != null
            ? parseDuration("--timeout", timeoutAlias)
            : parseDuration("--time", timeout);
    if (explainAlias != null) {
      explain = explainAlias;
    }
    HistoryFiles.Format fmt = format == null ? null : HistoryFiles.Format.fromCliName(format);
    if (format != null && fmt == null) {
      throw new UserError("--format: '" + format + "' is not one of jsonl, edn, jepsen-log");
    }
    if (model != null && !model.equals("kv") && !model.equals("register")) {
      throw new UserError("--model: '" + model + "' is not one of kv, register");
    }
    if (initial != null && "kv".equals(model)) {
      throw new UserError("--initial applies to the register model only");
    }
    Long init = parseInitial(initial);
    List<Path> all = InputFiles.expand(histories, List.of(".jsonl", ".edn", ".log", ".txt"));
    if (all.size() > 1 && (explain != null || report != null)) {
      throw new UserError(
          "--explanation and --report apply to one history; " + all.size() + " given");
    }
    if (explain != null) {
      OutputPaths.requireFile("--explanation", explain);
    }
    if (report != null) {
      OutputPaths.requireFile("--report", report);
    }
    if (all.size() == 1 && !Files.isDirectory(histories.get(0))) {
      return checkOne(all.get(0), fmt, limit, init, out).code();
    }
    ResultTable table = new ResultTable("HISTORY", "VERDICT", "OPS", "EXIT", "MS");
    long start = System.nanoTime();
    for (Path h : all) {
      long t0 = System.nanoTime();
      Outcome o;
      try {
        o = checkOne(h, fmt, limit, init, new PrintWriter(new java.io.StringWriter()));
      } catch (UserError e) {
        o = new Outcome(ExitCodes.BAD_INPUT, "bad input: " + e.getMessage(), "");
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      table.add(o.code(), h.toString(), o.verdict(), o.operations(), "" + o.code(), "" + ms);
    }
    table.print(out);
    out.printf(
        "%d histories in %.1f s; worst exit code %d%n",
        table.size(), (System.nanoTime() - start) / 1e9, table.worstExitCode());
    return table.worstExitCode();
  }

  /** One history's exit code, verdict and operation count (table cells). */
  private record Outcome(int code, String verdict, String operations) {}

  private Outcome checkOne(
      Path history, HistoryFiles.Format given, Duration limit, Long init, PrintWriter out) {
    HistoryFiles.Format fmt = given;
    try {
      if (fmt == null) {
        fmt = HistoryFiles.detect(history);
      }
      String modelName = model != null ? model : guessModel(history, fmt);
      Model<?> m = Models.byName(modelName, init);
      History h = HistoryFiles.read(history, fmt, m);
      if (h.operations().isEmpty()) {
        // Nothing to order is not evidence of linearizability: say so, not "linearizable", and
        // exit 3 (no verdict) so a CI gate on exit 0 does not pass on an empty or truncated file.
        out.println(history + ": no operations (the history is empty): nothing to check");
        return new Outcome(ExitCodes.INCONCLUSIVE, "no operations", "0");
      }
      CheckResult r = Linearizability.check(h, m, new CheckBudget(0, limit));
      if (explain != null) {
        writeExplanation(r);
      }
      if (report != null) {
        writeReport(history, fmt, r);
      }
      out.println(history + ": " + r.summary());
      if (r.unplaceable() != null) {
        out.println("  linearized prefix (invoke indices): " + abbreviate(r));
        out.println("  concurrent operations (invoke indices): " + r.concurrent());
      }
      int code =
          switch (r.verdict()) {
            case LINEARIZABLE -> ExitCodes.OK;
            case NOT_LINEARIZABLE -> ExitCodes.VIOLATION;
            case INCONCLUSIVE -> ExitCodes.INCONCLUSIVE;
          };
      return new Outcome(code, r.verdict().json(), String.valueOf(h.operations().size()));
    } catch (HistoryFormatException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** jepsen-log is a register test; otherwise look at the first operation's f. */
  private String guessModel(Path history, HistoryFiles.Format fmt) {
    if (fmt == HistoryFiles.Format.JEPSEN_LOG || initial != null) {
      return "register";
    }
    History probe = HistoryFiles.read(history, fmt, new AnyModel());
    for (Operation op : probe.operations()) {
      switch (op.f()) {
        case "read", "write", "cas" -> {
          return "register";
        }
        default -> {
          return "kv";
        }
      }
    }
    return "kv";
  }

  private void writeExplanation(CheckResult r) {
    try {
      Path parent = explain.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(explain, r.toJson() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(explain + ": cannot write: " + e.getMessage());
    }
  }

  /** A report of the history alone: one trace "history" event per history event. */
  private void writeReport(Path history, HistoryFiles.Format fmt, CheckResult r) {
    List<String> events = HistoryFiles.eventsAsJsonLines(history, fmt);
    ObjectMapper mapper = new ObjectMapper();
    List<String> trace = new ArrayList<>(events.size());
    // Faultline's own histories name process 0 "c1"; any other keeps the input's process ids.
    java.util.function.IntFunction<String> names =
        fmt == HistoryFiles.Format.JSONL ? p -> "c" + (p + 1) : p -> "p" + p;
    try {
      for (int i = 0; i < events.size(); i++) {
        ObjectNode event = (ObjectNode) mapper.readTree(events.get(i));
        ObjectNode line = mapper.createObjectNode();
        line.put("i", i);
        line.put("tick", event.has("time") ? event.get("time").asLong() : i);
        line.put("kind", "history");
        line.put("node", names.apply(event.get("process").asInt()));
        line.set("event", event);
        trace.add(line.toString());
      }
      ReportGenerator.fromTraceLines(trace)
          .historyLines(events)
          .explanationJson(r.toJson())
          .clientNames(names)
          .title("faultline check " + history.getFileName() + ": " + r.verdict().json())
          .reproduce("./faultline check " + history)
          .writeHtml(report);
    } catch (IOException e) {
      throw new UserError(report + ": cannot write: " + e.getMessage());
    } catch (ReportInputException e) {
      throw new UserError(e.getMessage());
    }
  }

  private static String abbreviate(CheckResult r) {
    var p = r.linearizedPrefix();
    if (p.size() <= 20) {
      return p.toString();
    }
    return "[... "
        + (p.size() - 10)
        + " more, "
        + p.subList(p.size() - 10, p.size()).toString().substring(1);
  }

  static Duration parseDuration(String flag, String s) {
    Matcher m = DURATION.matcher(s.trim());
    if (!m.matches()) {
      throw new UserError(flag + ": '" + s + "' is not a duration like 500ms, 10s, 2m");
    }
    long v = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(v);
      case "m" -> Duration.ofMinutes(v);
      case "h" -> Duration.ofHours(v);
      default -> Duration.ofSeconds(v);
    };
  }

  private static Long parseInitial(String s) {
    if (s == null || s.equals("nil") || s.equals("null")) {
      return null;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new UserError("--initial: '" + s + "' is not an integer or nil");
    }
  }

  /** Accepts every operation: used only to peek at the f of the first one. */
  private static final class AnyModel implements Model<Object> {
    @Override
    public String name() {
      return "any";
    }

    @Override
    public Object initialState() {
      return "";
    }

    @Override
    public Object step(Object state, Operation op) {
      return state;
    }
  }
}
