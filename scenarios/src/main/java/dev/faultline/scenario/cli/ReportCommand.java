package dev.faultline.scenario.cli;

import dev.faultline.report.ReportGenerator;
import dev.faultline.report.ReportInputException;
import dev.faultline.report.ReportSummary;
import dev.faultline.report.ShiVizExport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faultline report TRACE.jsonl [-o FILE.html] [--history H.jsonl] [--explanation E.json]
 * [--shiviz FILE.log]}: draw a trace as a self-contained space-time diagram.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Draw a trace as a space-time diagram: one self-contained HTML file (no network needed).",
      "Exit 0 when written, 2 on bad input (one line: file:line: problem)."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TRACE",
      description = "trace .jsonl (from run/fuzz/explore)")
  Path trace;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "output .html (default: next to the trace, same name)")
  Path out;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description = "history .jsonl (default: the history events in the trace)")
  Path history;

  @Option(
      names = "--explanation",
      paramLabel = "FILE",
      description =
          "linearizability explanation .json from 'faultline check' or a run (default:"
              + " linearizability.json beside the trace, if any)")
  Path explanation;

  @Option(
      names = "--result",
      paramLabel = "FILE",
      description =
          "the run's verdict (every property checked), result.json from run/fuzz/explore"
              + " (default: result.json beside the trace, if any)")
  Path result;

  @Option(
      names = "--shiviz",
      paramLabel = "FILE",
      description = "also write the trace in ShiViz's log format (default: not written)")
  Path shiviz;

  @Option(
      names = "--title",
      paramLabel = "TEXT",
      description = "page title (default: the scenario or protocol named in the trace)")
  String title;

  @Option(
      names = "--reproduce",
      paramLabel = "CMD",
      description = "the command line that reproduces the run, shown in the header (default: none)")
  String reproduce;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    requireFile(trace);
    requireFile(history);
    requireFile(explanation);
    requireFile(result);
    Path html = out != null ? out : defaultOutput(trace);
    OutputPaths.requireFile(out != null ? "-o" : null, html);
    if (shiviz != null) {
      OutputPaths.requireFile("--shiviz", shiviz);
    }
    Path lin =
        explanation != null
            ? explanation
            : ReportGenerator.besideTrace(trace, "linearizability.json");
    Path verdict = result != null ? result : ReportGenerator.besideTrace(trace, "result.json");
    Path ops = history != null ? history : besideWith(trace, "history.jsonl", lin);
    try {
      ReportSummary s =
          ReportGenerator.fromFiles(trace, ops, lin)
              .result(verdict)
              .title(title)
              .reproduce(reproduce)
              .writeHtml(html);
      stdout.printf(
          "report: %s (%d events, %d lifelines, %d arrows, %d client ops, %d KiB)%n",
          html, s.events(), s.lifelines(), s.arrows(), s.operations(), (s.bytes() + 1023) / 1024);
      if (shiviz != null) {
        long n = ShiVizExport.write(trace, shiviz);
        stdout.printf("shiviz: %s (%d events); parser regex: %s%n", shiviz, n, ShiVizExport.REGEX);
      }
    } catch (ReportInputException e) {
      throw UserError.at(e.file(), e.line(), e.problem());
    }
    return ExitCodes.OK;
  }

  private static void requireFile(Path p) {
    if (p != null && !Files.isRegularFile(p)) {
      throw UserError.at(p.toString(), 0, Files.isDirectory(p) ? "is a directory" : "no such file");
    }
  }

  /**
   * The history beside the trace, when an explanation beside it will be read too: its indices count
   * the events of that file (the trace's history events may be filtered differently).
   */
  private static Path besideWith(Path trace, String name, Path explanation) {
    return explanation == null ? null : ReportGenerator.besideTrace(trace, name);
  }

  /** {@code out/run/trace.jsonl} becomes {@code out/run/trace.html}. */
  static Path defaultOutput(Path trace) {
    String name = trace.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return trace.resolveSibling(base + ".html");
  }
}
