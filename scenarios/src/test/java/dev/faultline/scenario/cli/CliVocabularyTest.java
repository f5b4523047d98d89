package dev.faultline.scenario.cli;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.Cli.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** One CLI vocabulary: the same flag for the same thing everywhere, each with its default. */
class CliVocabularyTest {
  @TempDir Path dir;

  private static CommandLine commands() {
    return new CommandLine(new FaultlineCli());
  }

  @Test
  void everyFlagsHelpLineStatesItsDefault() {
    List<String> missing = new ArrayList<>();
    for (var e : commands().getSubcommands().entrySet()) {
      for (OptionSpec o : e.getValue().getCommandSpec().options()) {
        boolean standard = o.longestName().equals("--help") || o.longestName().equals("--version");
        String help = String.join(" ", o.description());
        if (!o.hidden() && !standard && !help.contains("default") && !o.required()) {
          missing.add(e.getKey() + " " + o.longestName());
        }
      }
    }
    assertEquals(List.of(), missing, "flags whose --help line does not state a default");
  }

  @Test
  void theSameThingHasTheSameFlagInEveryCommand() {
    var sub = commands().getSubcommands();
    for (String command : List.of("fuzz", "explore")) {
      for (String flag :
          List.of(
              "--protocol",
              "--variant",
              "--option",
              "--servers",
              "--clients",
              "--ops",
              "--out",
              "--threads")) {
        assertTrue(
            sub.get(command).getCommandSpec().findOption(flag) != null, command + " " + flag);
      }
    }
    for (String command : List.of("check", "report")) {
      assertTrue(sub.get(command).getCommandSpec().findOption("--explanation") != null, command);
    }
    for (String command : List.of("check", "fuzz", "explore", "shrink")) {
      assertTrue(sub.get(command).getCommandSpec().findOption("--time") != null, command);
    }
    // Defaults differ by command and the help says which.
    String fuzzHelp = sub.get("fuzz").getUsageMessage();
    String exploreHelp = sub.get("explore").getUsageMessage();
    assertTrue(fuzzHelp.contains("client operations (default: 200)"), fuzzHelp);
    assertTrue(exploreHelp.contains("client operations (default: 1)"), exploreHelp);
  }

  @Test
  void oldNamesAreStillAcceptedButHidden() {
    var sub = commands().getSubcommands();
    for (String[] alias :
        List.of(
            new String[] {"fuzz", "--nodes"},
            new String[] {"explore", "--nodes"},
            new String[] {"check", "--explain"},
            new String[] {"check", "--timeout"})) {
      OptionSpec o = sub.get(alias[0]).getCommandSpec().findOption(alias[1]);
      assertTrue(o != null && o.hidden(), alias[0] + " " + alias[1]);
      assertTrue(!sub.get(alias[0]).getUsageMessage().contains(alias[1] + "="), alias[1]);
    }
    Run old =
        cli(
            "fuzz",
            "--protocol",
            "toykv",
            "--nodes",
            "2",
            "--seeds",
            "1",
            "--ops",
            "5",
            "--out",
            dir.toString());
    assertEquals(0, old.code(), old.out() + old.err());
    assertTrue(old.out().contains("2 servers"), old.out());
    Run bad = cli("fuzz", "--protocol", "toykv", "--servers", "0", "--out", dir.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--servers"), bad.err());
  }
}
