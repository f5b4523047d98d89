package dev.faultline.scenario.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code faultline} command line (reference: docs/reference/cli.md). */
@Command(
    name = "faultline",
    mixinStandardHelpOptions = true,
    version = "faultline 0.1.0",
    description = "Deterministic simulation and model checking of replication protocols.",
    subcommands = {
      ListCommand.class,
      RunCommand.class,
      FuzzCommand.class,
      ExploreCommand.class,
      CheckCommand.class,
      ReportCommand.class,
      ShrinkCommand.class,
      DebugCommand.class,
      ZooCommand.class,
      MergeCommand.class,
      ValidateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FaultlineCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of main). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new FaultlineCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(
        e -> e instanceof UserError ? ExitCodes.BAD_INPUT : ExitCodes.BAD_INPUT);
    // A usage mistake is one line and exit 2, never a stack trace.
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("faultline: " + e.getMessage());
          err.println("(see 'faultline " + commandPath(e.getCommandLine()) + " --help')");
          return ExitCodes.BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UserError) {
            err.println("faultline: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
          }
          // A file that cannot be written or read mid-run is the user's environment, not a bug:
          // one line naming the path, never a stack trace.
          String io = OutputPaths.describeIfIo(e);
          if (io != null) {
            err.println("faultline: " + io);
            return ExitCodes.BAD_INPUT;
          }
          throw e;
        });
    return cli.execute(args);
  }

  private static String commandPath(CommandLine cl) {
    String name = cl.getCommandName();
    return name.equals("faultline") ? "" : name;
  }
}
