package dev.faultline.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds ../shared/data/histories and the expected verdicts in its EXPECTED.md. */
final class SharedData {
  private SharedData() {}

  static Path histories() {
    String prop = System.getProperty("faultline.shared");
    for (String candidate : new String[] {prop, "../../shared", "../shared", "/work/shared"}) {
      if (candidate == null) {
        continue;
      }
      Path p = Path.of(candidate, "data", "histories");
      if (Files.isRegularFile(p.resolve("EXPECTED.md"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "shared histories not found (set -Dfaultline.shared=/path/to/shared)");
  }

  /** Relative file name (jepsen/etcd_000.log) -> expected linearizable?, from EXPECTED.md rows. */
  static Map<String, Boolean> expected() throws java.io.IOException {
    Pattern row =
        Pattern.compile("^\\| ((?:jepsen|kv)/[\\w.-]+) \\| (LINEARIZABLE|NOT linearizable) \\|");
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(histories().resolve("EXPECTED.md"))) {
      Matcher m = row.matcher(line);
      if (m.find()) {
        out.put(m.group(1), m.group(2).equals("LINEARIZABLE"));
      }
    }
    return out;
  }
}
