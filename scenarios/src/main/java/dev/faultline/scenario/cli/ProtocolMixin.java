package dev.faultline.scenario.cli;

import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** What protocol to run, as every command that builds a cluster names it. */
public final class ProtocolMixin {
  @Option(
      names = "--protocol",
      required = true,
      paramLabel = "P",
      description = "protocol to run: raft, pb, ... (see 'faultline list'; required, no default)")
  String protocol;

  @Option(
      names = "--variant",
      paramLabel = "V",
      description = "bug variant id (see 'faultline list'; default: the correct protocol)")
  String variant;

  @Option(
      names = "--option",
      paramLabel = "KEY=VALUE",
      description =
          "protocol option, repeatable, e.g. preVote=false (default: the protocol's defaults)")
  Map<String, String> options = new TreeMap<>();
}
