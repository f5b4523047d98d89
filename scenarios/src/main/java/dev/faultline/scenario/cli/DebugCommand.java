package dev.faultline.scenario.cli;

import dev.faultline.scenario.debug.DebugLaunch;
import dev.faultline.scenario.debug.DebugServer;
import dev.faultline.scenario.debug.DebugSession;
import dev.faultline.scenario.debug.ScenarioPrefix;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline debug}: a local web UI to step through the explorer's model by hand. */
@Command(
    name = "debug",
    mixinStandardHelpOptions = true,
    description = {
      "Step through a protocol by hand in your browser: the explorer's model (the same node"
          + " code), from the initial state, a counterexample file or a scenario file's prefix"
          + " (its run's trace replayed as explorer steps). See every node's state,"
          + " the messages in flight and the pending timers; deliver, drop, fire, crash,"
          + " restart, cut links; undo; see which property broke and where; save the path as a"
          + " counterexample file that 'faultline run' replays.",
      "The server listens on the loopback address and prints a URL with a one-time token;"
          + " it reads only FILE and writes only the --save file. Stop it with Ctrl-C.",
      "Exit 2: bad usage."
    })
public final class DebugCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description =
          "an explorer counterexample file or a scenario file to start from (default:"
              + " --protocol's start)")
  Path file;

  @Option(
      names = "--protocol",
      paramLabel = "P",
      description = "protocol, when no FILE is given: raft, pb, ... (default: FILE's)")
  String protocol;

  @Option(
      names = "--variant",
      paramLabel = "V",
      description = "bug variant id, when no FILE is given (default: the correct protocol)")
  String variant;

  @Option(
      names = "--option",
      paramLabel = "KEY=VALUE",
      description = "protocol option, repeatable, when no FILE is given (default: its defaults)")
  Map<String, String> options = new TreeMap<>();

  @Option(
      names = "--servers",
      defaultValue = "3",
      paramLabel = "N",
      description = "servers (no FILE; default ${DEFAULT-VALUE})")
  int servers;

  @Option(
      names = "--clients",
      defaultValue = "1",
      paramLabel = "N",
      description = "clients (no FILE; default ${DEFAULT-VALUE})")
  int clients;

  @Option(
      names = "--ops",
      defaultValue = "1",
      paramLabel = "N",
      description = "operations per client (no FILE; default ${DEFAULT-VALUE})")
  int ops;

  @Option(
      names = "--at",
      defaultValue = "0",
      paramLabel = "K",
      description =
          "start after FILE's first K steps (a counterexample) or the first K events of its run's"
              + " trace (a scenario): a prefix of it (default ${DEFAULT-VALUE})")
  int at;

  @Option(
      names = "--save",
      paramLabel = "FILE",
      description = "where the save button writes the path (default: saving is off)")
  Path save;

  @Option(
      names = "--port",
      defaultValue = "0",
      paramLabel = "N",
      description = "port to listen on (default: any free port)")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDR",
      description = "address to listen on (default ${DEFAULT-VALUE}, loopback only)")
  String bind;

  @Option(
      names = "--no-linearizability",
      description =
          "do not check linearizability of the client history (default: checked at every step)")
  boolean noLinearizability;

  @Override
  public Integer call() throws IOException, InterruptedException {
    DebugSession session = session();
    if (save != null) {
      OutputPaths.requireFile("--save", save);
    }
    if (port < 0 || port > 65535) {
      throw new UserError("--port: must be in [0, 65535], was " + port);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (IOException e) {
      throw new UserError("--bind: unknown address '" + bind + "'");
    }
    DebugServer server;
    try {
      server = new DebugServer(session, save, address, port);
    } catch (IOException e) {
      throw new UserError("--port: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("faultline debug: open " + server.url());
    out.println("  (the token in the URL is required; stop with Ctrl-C)");
    out.flush();
    new CountDownLatch(1).await();
    return ExitCodes.OK;
  }

  private DebugSession session() {
    boolean lin = !noLinearizability;
    if (file != null) {
      if (protocol != null) {
        throw new UserError("--protocol: give a protocol or a FILE, not both");
      }
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new UserError(OutputPaths.describe(e));
      }
      if (!"counterexample".equals(ScenarioReader.kindOf(text, file.toString()))) {
        Scenario scenario =
            new ScenarioReader(ProtocolRegistry.DEFAULT).parse(text, file.toString());
        return ScenarioPrefix.open(file, scenario, at, lin).session();
      }
      return DebugLaunch.fromCounterexample(file, text, at, lin);
    }
    if (protocol == null) {
      throw new UserError("debug: give a counterexample FILE or --protocol");
    }
    if (servers < 1 || clients < 0 || ops < 0) {
      throw new UserError("--servers must be >= 1, --clients and --ops >= 0");
    }
    return DebugLaunch.fromProtocol(
        protocol, variant, servers, clients, ops, new TreeMap<>(options), lin);
  }
}
