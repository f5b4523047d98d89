package dev.faultline.scenario.raft;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Developer aid: -Draft.debug=FILE [-Draft.debug.messages=true] prints a condensed trace (roles,
 * terms, faults, history, violation) of one library file (for the correct protocol on a bug's
 * schedule, give the bug file's {@code -correct} twin).
 */
@EnabledIfSystemProperty(named = "raft.debug", matches = ".+")
class RaftScenarioDebugTest {
  @Test
  void printTrace() {
    Scenario s = ScenarioReader.read(Path.of(System.getProperty("raft.debug")));
    boolean messages = Boolean.getBoolean("raft.debug.messages");
    StringBuilder out = new StringBuilder();
    TraceSink sink =
        new TraceSink() {
          @Override
          public boolean enabled() {
            return true;
          }

          @Override
          public void accept(TraceEvent e) {
            boolean show =
                switch (e) {
                  case TraceEvent.Send x -> false;
                  case TraceEvent.Deliver x -> messages;
                  case TraceEvent.Drop x -> messages;
                  case TraceEvent.Hold x -> messages;
                  case TraceEvent.TimerFire x -> false;
                  case TraceEvent.Persist x -> false;
                  default -> true;
                };
            if (show) {
              out.append(e).append('\n');
            }
          }
        };
    ScenarioResult r = ScenarioRunner.run(s, RunOptions.DEFAULT, sink);
    System.out.println(out);
    System.out.println("RESULT " + r.verdict() + " " + r.property() + " " + r.message());
    assertNotNull(r);
  }
}
