package dev.faultline.scenario.run;

import dev.faultline.report.ReportGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files a run leaves behind, and the HTML report drawn from them. */
public final class Artifacts {
  /** The node states along the run (see {@code NodeStateLog}), beside the trace. */
  public static final String STATES = "states.jsonl";

  private static final List<String> NAMES =
      List.of(
          "trace.jsonl",
          STATES,
          "history.jsonl",
          "result.json",
          "linearizability.json",
          "report.html");

  private Artifacts() {}

  /**
   * Draws {@code report.html} from the run's trace, history and explanation. A report that cannot
   * be drawn does not change the run's verdict: the reason is returned instead (null when drawn).
   */
  public static String writeReport(Path dir, ScenarioResult r, String reproduce) {
    Path explanation = dir.resolve("linearizability.json");
    Path result = dir.resolve("result.json");
    try {
      ReportGenerator g =
          ReportGenerator.fromFiles(
              dir.resolve("trace.jsonl"),
              dir.resolve("history.jsonl"),
              Files.exists(explanation) ? explanation : null);
      if (Files.exists(result)) {
        g.result(result);
      } else {
        g.resultJson(ResultJson.toJson(r));
      }
      g.title(r.scenario().name()).reproduce(reproduce).writeHtml(dir.resolve("report.html"));
      return null;
    } catch (RuntimeException e) {
      return "report not drawn: " + e.getMessage();
    }
  }

  /** The artifact files present in {@code dir}, as one line. */
  public static String list(Path dir) {
    List<String> present = new ArrayList<>();
    for (String n : NAMES) {
      if (Files.exists(dir.resolve(n))) {
        present.add(dir.resolve(n).toString());
      }
    }
    return String.join(" ", present);
  }

  static void ensureDir(Path dir) throws IOException {
    Files.createDirectories(dir);
  }
}
