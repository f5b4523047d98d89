package dev.faultline.scenario.cli;

import picocli.CommandLine.Option;

/**
 * How big a generated configuration is. One name for servers everywhere ({@code --servers}; the old
 * {@code --nodes} is still accepted). Each command gives its own defaults through {@link
 * CommandDefaults}, and the help shows them.
 */
public final class SizeMixin {
  @Option(
      names = "--servers",
      paramLabel = "N",
      description = "replica servers (default: ${DEFAULT-VALUE})")
  int servers;

  // A separate field: picocli applies --servers' default after parsing, which would overwrite it.
  @Option(names = "--nodes", hidden = true, paramLabel = "N", description = "old name of --servers")
  Integer nodes;

  /** The server count, from --servers or its old name --nodes. */
  int servers() {
    return nodes != null ? nodes : servers;
  }

  @Option(
      names = "--clients",
      paramLabel = "N",
      description = "client processes (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(
      names = "--ops",
      paramLabel = "N",
      description = "client operations (default: ${DEFAULT-VALUE})")
  int ops;
}
