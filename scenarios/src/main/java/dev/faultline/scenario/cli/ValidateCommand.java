package dev.faultline.scenario.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.scenario.io.Located;
import dev.faultline.scenario.io.LocatedJson;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioSchema;
import dev.faultline.scenario.io.SchemaValidator;
import dev.faultline.scenario.model.ProtocolRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline validate FILE...}: check scenario files without running them. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check scenario files (or every .json file under a directory) against the scenario JSON"
          + " Schema (docs/reference/scenario.schema.json), then, if the shape is right, against"
          + " what needs the protocol itself (node names, options, expected properties), without"
          + " running them. One line per problem: FILE:LINE:COLUMN: FIELD: PROBLEM.",
      "Exit 0 when every file is valid, 2 when any is not."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "scenario .json files, or directories of them")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Path> all = InputFiles.expand(files, List.of(".json"));
    JsonNode schema = ScenarioSchema.generate(ProtocolRegistry.DEFAULT);
    int bad = 0;
    int problems = 0;
    for (Path f : all) {
      List<String> lines = problems(f, schema);
      lines.forEach(out::println);
      bad += lines.isEmpty() ? 0 : 1;
      problems += lines.size();
    }
    out.println(
        all.size()
            + (all.size() == 1 ? " file: " : " files: ")
            + (all.size() - bad)
            + " valid, "
            + bad
            + " with problems ("
            + problems
            + (problems == 1 ? " problem)" : " problems)"));
    return bad == 0 ? ExitCodes.OK : ExitCodes.BAD_INPUT;
  }

  /** Every schema problem of the file; if there is none, the reader's (first) problem, if any. */
  static List<String> problems(Path file, JsonNode schema) {
    String name = file.toString();
    List<String> lines = new ArrayList<>();
    try {
      String text = ScenarioReader.readText(file);
      if ("counterexample".equals(ScenarioReader.kindOf(text, name))) {
        return lines; // a counterexample is checked when 'run' replays it; it has no schema here
      }
      Located root = LocatedJson.parse(text, name);
      for (SchemaValidator.Problem p : SchemaValidator.validate(root, schema)) {
        lines.add(p.format(name));
      }
      if (lines.isEmpty()) {
        new ScenarioReader(ProtocolRegistry.DEFAULT).parse(text, name);
      }
    } catch (UserError e) {
      lines.add(e.getMessage());
    }
    return lines;
  }
}
