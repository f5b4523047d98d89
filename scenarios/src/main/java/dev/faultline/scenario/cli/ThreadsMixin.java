package dev.faultline.scenario.cli;

import picocli.CommandLine.Option;

/** Parallel workers; a result never depends on the count. */
public final class ThreadsMixin {
  static final int MAX_THREADS = 256;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description =
          "worker threads, 1 to 256; the result is the same for any count (default: ${DEFAULT-VALUE})")
  int threads;

  int checked() {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new UserError("--threads: must be in [1, " + MAX_THREADS + "], was " + threads);
    }
    return threads;
  }
}
