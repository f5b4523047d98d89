package dev.faultline.scenario.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The table a batch ({@code run A B DIR}, {@code check A B DIR}) ends with: one row per file. */
final class ResultTable {
  private final String[] header;
  private final List<String[]> rows = new ArrayList<>();
  private int worst = ExitCodes.OK;

  ResultTable(String... header) {
    this.header = header;
  }

  void add(int exitCode, String... cells) {
    rows.add(cells);
    worst = InputFiles.worst(worst, exitCode);
  }

  int worstExitCode() {
    return worst;
  }

  int size() {
    return rows.size();
  }

  void print(PrintWriter out) {
    int[] width = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      width[c] = header[c].length();
      for (String[] r : rows) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    line(out, header, width);
    for (String[] r : rows) {
      line(out, r, width);
    }
  }

  private static void line(PrintWriter out, String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      b.append(c == cells.length - 1 ? cells[c] : String.format("%-" + width[c] + "s  ", cells[c]));
    }
    out.println(b.toString().stripTrailing());
  }
}
