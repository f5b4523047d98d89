package dev.faultline.scenario.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Gathers the shards' written failures into one directory: each failure's scenario file, its shrunk
 * file and their run directories (trace, history, result, report). A path in a shard's result is
 * taken as written (the shard ran in this directory), else looked up beside the shard's JSON file
 * (its output directory was downloaded or copied next to it, as CI artifacts are).
 */
public final class FailureArtifacts {
  /** One failure gathered: where its files are now, and the command that replays it. */
  public record Collected(
      long seed, String property, Path scenario, Path shrunk, String reproduce) {}

  private FailureArtifacts() {}

  /** Copies into {@code outDir}; a file not found is reported to {@code warn} and skipped. */
  public static List<Collected> collect(
      List<CampaignMerge.ShardFailure> failures, Path outDir, Consumer<String> warn) {
    List<Collected> out = new ArrayList<>();
    for (CampaignMerge.ShardFailure f : failures) {
      JsonNode w = f.failure();
      Path scenario = copy(f.shard(), w.path("scenario").asText(null), outDir, warn);
      Path shrunk = copy(f.shard(), w.path("shrunk").asText(null), outDir, warn);
      copy(f.shard(), runDir(w.path("scenario").asText(null)), outDir, warn);
      copy(f.shard(), runDir(w.path("shrunk").asText(null)), outDir, warn);
      Path replay = shrunk != null ? shrunk : scenario;
      out.add(
          new Collected(
              w.path("seed").asLong(),
              w.path("property").asText(),
              scenario,
              shrunk,
              replay != null ? "./faultline run " + replay : w.path("reproduce").asText()));
    }
    return out;
  }

  /** "out/failure-12.json" ran in "out/failure-12/". */
  private static String runDir(String scenarioFile) {
    return scenarioFile == null ? null : scenarioFile.replaceFirst("\\.json$", "");
  }

  private static Path copy(ShardResult shard, String given, Path outDir, Consumer<String> warn) {
    if (given == null || given.isEmpty()) {
      return null;
    }
    Path source = Path.of(given);
    if (!Files.exists(source)) {
      Path parent = shard.file().toAbsolutePath().getParent();
      source = parent == null ? source : parent.resolve(source.getFileName());
    }
    if (!Files.exists(source)) {
      warn.accept(shard.file() + ": failure artifact " + given + " not found; not collected");
      return null;
    }
    Path target = outDir.resolve(source.getFileName());
    try {
      copyTree(source, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  private static void copyTree(Path source, Path target) throws IOException {
    if (!Files.isDirectory(source)) {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> all = Files.walk(source)) {
      for (Path p : all.sorted().toList()) {
        Path t = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
