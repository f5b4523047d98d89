package dev.faultline.scenario.cli;

import dev.faultline.scenario.io.Library;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClusterSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faultline list}: protocols, their bug variants, and the scenario library. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "protocols, bug variants and scenarios")
public final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Protocols (faultline fuzz --protocol NAME [--variant ID]):");
    for (ClusterSpec p : ProtocolRegistry.DEFAULT.all()) {
      out.println("  " + p.name() + "  " + p.description());
      List<BugVariant> variants = p.variants();
      for (BugVariant v : variants) {
        out.println("    " + v.id() + "  " + v.summary() + "  (violates " + v.violates() + ")");
      }
    }
    out.println();
    List<Library.Entry> entries = Library.entries(Library.root());
    out.println(
        "Scenarios (faultline run FILE), " + entries.size() + " in " + Library.root() + ":");
    for (Library.Entry e : entries) {
      out.println(
          "  "
              + e.file()
              + "  ["
              + (e.variant() == null ? "correct" : e.variant())
              + ", expect "
              + (e.expect() == null ? "pass" : e.expect())
              + "]"
              + (e.description() == null ? "" : "  " + e.description()));
    }
    return ExitCodes.OK;
  }
}
