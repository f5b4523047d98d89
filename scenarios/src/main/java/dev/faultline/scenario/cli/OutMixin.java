package dev.faultline.scenario.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command writes what it finds (checked before work starts, see {@link OutputPaths}). */
public final class OutMixin {
  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "directory for what this command writes (default: ${DEFAULT-VALUE}/)")
  Path out;
}
