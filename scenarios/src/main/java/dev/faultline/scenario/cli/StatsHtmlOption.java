package dev.faultline.scenario.cli;

import dev.faultline.report.CampaignCharts;
import dev.faultline.scenario.fuzz.CampaignStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --stats-html FILE}, shared by fuzz and merge: the campaign's statistics as a page of
 * charts ({@link CampaignCharts}). The path is checked before the campaign starts; a write that
 * fails at the end is one line and exit 2, after the summary (nothing found is lost).
 */
public final class StatsHtmlOption {
  @Option(
      names = "--stats-html",
      paramLabel = "FILE",
      description =
          "also write the campaign's statistics as charts, one self-contained HTML page: outcomes,"
              + " progress-limit reasons, fault-kind coverage, faults by type, events per seed"
              + " (default: none)")
  Path file;

  /** Fails (exit 2, one line) when the file cannot be written; before any work. */
  void check() {
    if (file != null) {
      OutputPaths.requireFile("--stats-html", file);
    }
  }

  /** Writes the page if asked; a problem line (already printed to {@code err}) or null. */
  String write(String title, CampaignStats stats, PrintWriter human, PrintWriter err) {
    if (file == null) {
      return null;
    }
    try {
      CampaignCharts.write(file, title, stats.lines(), stats.toNode());
    } catch (IOException e) {
      String problem = "--stats-html: cannot write: " + OutputPaths.describe(e);
      err.println(problem);
      return problem;
    }
    human.println("Campaign charts: " + file);
    return null;
  }
}
