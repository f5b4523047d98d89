package dev.faultline.scenario.pb;

import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.trace.InMemoryTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Debugging aid, skipped unless {@code -Dfl.pb.debug=true}: {@code -Dfl.pb.scenario=FILE} prints
 * that scenario's verdict and trace (pings left out unless {@code -Dfl.pb.pings=true}); with {@code
 * -Dfl.pb.traceDir=DIR} every pb library scenario's is written to DIR/NAME.txt instead.
 */
class PbScenarioDebugTest {
  @Test
  @EnabledIfSystemProperty(named = "fl.pb.debug", matches = "true")
  void dump() throws IOException {
    String dir = System.getProperty("fl.pb.traceDir");
    if (dir != null) {
      Files.createDirectories(Path.of(dir));
      for (Path f : PbLibraryTest.files()) {
        Files.writeString(
            Path.of(dir, f.getFileName().toString().replace(".json", ".txt")), render(f));
      }
    }
    String file = System.getProperty("fl.pb.scenario");
    if (file != null) {
      System.out.print(render(Path.of(file)));
    }
  }

  private static String render(Path file) {
    InMemoryTrace t = new InMemoryTrace();
    ScenarioResult r = ScenarioRunner.run(ScenarioReader.read(file), RunOptions.DEFAULT, t);
    StringBuilder out = new StringBuilder();
    out.append("RESULT ").append(r.property()).append(": ").append(r.message()).append('\n');
    boolean pings = Boolean.getBoolean("fl.pb.pings");
    for (String l : t.lines()) {
      boolean ping =
          l.contains("\"Ping\"")
              || l.contains("\"ViewReply\"")
              || l.contains("PingTick")
              || l.contains("PingCheck");
      if (pings || !ping) {
        out.append(l).append('\n');
      }
    }
    return out.toString();
  }
}
