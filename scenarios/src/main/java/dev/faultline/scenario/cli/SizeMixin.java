package dev.faultline.scenario.cli;

import picocli.CommandLine.Option;

/**
 * How big a generated configuration is. One name for servers everywhere ({@code --servers}; the old
 * {@code --nodes} is still accepted). Each command gives its own defaults through {@link
 * CommandDefaults}, and the help shows them.
 */
public final class SizeMixin {
  /** The {@code --servers} value that lets each fuzz seed draw its cluster's shape. */
  static final String DRAWN = "drawn";

  // Text, so fuzz can default to "drawn"; a number everywhere else.
  @Option(
      names = "--servers",
      paramLabel = "N",
      description = "replica servers (default: ${DEFAULT-VALUE})")
  String servers;

  // A separate field: picocli applies --servers' default after parsing, which would overwrite it.
  @Option(names = "--nodes", hidden = true, paramLabel = "N", description = "old name of --servers")
  Integer nodes;

  /** The server count, from --servers or its old name --nodes; 0 when drawn per seed. */
  int servers() {
    if (nodes != null) {
      return nodes;
    }
    if (serversDrawn()) {
      return 0;
    }
    try {
      return Integer.parseInt(servers.trim());
    } catch (NumberFormatException e) {
      throw new UserError("--servers must be a whole number, was '" + servers + "'");
    }
  }

  /** Whether --servers is {@link #DRAWN} (and --nodes not given). */
  boolean serversDrawn() {
    return nodes == null && DRAWN.equals(servers);
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
