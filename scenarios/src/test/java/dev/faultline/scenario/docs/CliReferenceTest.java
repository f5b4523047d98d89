package dev.faultline.scenario.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.scenario.testkit.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/cli.md is the {@code --help} text of every subcommand, generated. This test fails
 * when the page and the CLI disagree, and rewrites the page when run with {@code
 * -Dfl.docs.writeCli=true}.
 */
class CliReferenceTest {
  static final List<String> COMMANDS =
      List.of(
          "list",
          "run",
          "fuzz",
          "shrink",
          "explore",
          "report",
          "check",
          "debug",
          "zoo",
          "validate",
          "merge");

  @Test
  void cliPageIsTheHelpOfEveryCommand() throws IOException {
    Path page = RepoFiles.root().resolve("docs/reference/cli.md");
    String expected = page();
    if (Boolean.getBoolean("fl.docs.writeCli")) {
      Files.writeString(page, expected);
    }
    assertEquals(
        expected,
        Files.readString(page),
        "docs/reference/cli.md differs from the CLI's --help; regenerate it: ./mvnw -B -ntp -o -q"
            + " -pl scenarios -am verify -Dtest=CliReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dfl.docs.writeCli=true");
  }

  static String page() {
    StringBuilder b = new StringBuilder();
    b.append("# Command-line reference\n\n")
        .append("Generated from the `--help` output of each subcommand by `CliReferenceTest`")
        .append(" (`scenarios/src/test/java/dev/faultline/scenario/docs/`), which fails when this")
        .append(" page and the CLI disagree; run it with `-Dfl.docs.writeCli=true` to rewrite")
        .append(
            " the page. What each command is for: [the guides](../index.md#guides-one-per-command);")
        .append(" exit codes: [exit-codes.md](exit-codes.md).\n\n")
        .append("## faultline\n\n```\n")
        .append(help())
        .append("```\n");
    for (String command : COMMANDS) {
      b.append("\n## faultline ").append(command).append("\n\n```\n");
      b.append(help(command)).append("```\n");
    }
    return b.toString();
  }

  private static String help(String... command) {
    String[] args = new String[command.length + 1];
    System.arraycopy(command, 0, args, 0, command.length);
    args[command.length] = "--help";
    String out = Cli.cli(args).out().replace("\r\n", "\n");
    return out.endsWith("\n") ? out : out + "\n";
  }
}
