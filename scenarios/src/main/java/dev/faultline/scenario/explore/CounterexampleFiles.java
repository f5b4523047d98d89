package dev.faultline.scenario.explore;

import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.explore.Counterexample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Explorer counterexample files on disk: writing them, reading them (bad files are one-line user
 * errors) and rebuilding the cluster they were found on. {@code faultline run FILE} replays them
 * (see {@code cli.CounterexampleRun}).
 */
public final class CounterexampleFiles {
  private CounterexampleFiles() {}

  public static Counterexample read(Path file, String text) {
    try {
      return Counterexample.fromJson(text, file.toString());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** The cluster the file was found on, rebuilt from its protocol, variant, sizes and options. */
  public static Cluster cluster(Counterexample cx, String source) {
    // The same registry as scenario files, so ServiceLoader-registered protocols replay too.
    ClusterSpec spec = ProtocolRegistry.DEFAULT.byName(cx.protocol());
    if (spec == null) {
      throw new UserError(source + ": protocol: unknown protocol '" + cx.protocol() + "'");
    }
    try {
      return spec.build(new ClusterParams(cx.servers(), cx.variant(), cx.workload(), cx.options()));
    } catch (IllegalArgumentException e) {
      throw new UserError(source + ": " + e.getMessage());
    }
  }

  /** Writes the file; returns its path. */
  public static Path write(Path dir, String name, String json) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      Files.writeString(file, json);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
