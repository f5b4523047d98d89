package dev.faultline.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a report in a real headless Chromium (the distribution's package) to read back what the
 * page drew (its {@code #fl-selftest} element) or to take a screenshot. Used by the report tests;
 * {@code FL_CHROMIUM} names the binary when it is not on the PATH.
 */
public final class HeadlessChromium {
  private static final Pattern SELFTEST =
      Pattern.compile("<pre id=\"fl-selftest\">(.*?)</pre>", Pattern.DOTALL);
  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** The installed browser, if any. */
  public static Optional<HeadlessChromium> find() {
    List<String> names = new ArrayList<>();
    String env = System.getenv("FL_CHROMIUM");
    if (env != null && !env.isBlank()) {
      names.add(env);
    }
    names.addAll(List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"));
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : names) {
      Path p = Path.of(name);
      if (p.isAbsolute() && Files.isExecutable(p)) {
        return Optional.of(new HeadlessChromium(p));
      }
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(candidate)) {
          return Optional.of(new HeadlessChromium(candidate));
        }
      }
    }
    return Optional.empty();
  }

  /** Result of loading a page: the self-test JSON the page wrote, and the wall time taken. */
  public record Load(String selfTestJson, long wallMillis) {}

  /** Loads {@code html} (with an optional URL fragment) and returns the page's self-test JSON. */
  public Load load(Path html, String fragment) throws IOException, InterruptedException {
    return loadUrl(url(html, fragment));
  }

  /**
   * Loads a page by URL (e.g. a local server's) and returns its self-test JSON. Virtual time waits
   * for the page's own requests, so a page that drives itself by clicks finishes first.
   */
  public Load loadUrl(String url) throws IOException, InterruptedException {
    long start = System.nanoTime();
    String dom = run(List.of("--dump-dom", url), 1280, 800);
    long millis = (System.nanoTime() - start) / 1_000_000;
    Matcher m = SELFTEST.matcher(dom);
    if (!m.find()) {
      throw new IOException(
          "no #fl-selftest in the page Chromium dumped (" + dom.length() + " chars)");
    }
    String json =
        m.group(1)
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
    return new Load(json, millis);
  }

  /** Saves a screenshot of the page at the given window size. */
  public void screenshot(Path html, String fragment, Path png, int width, int height)
      throws IOException, InterruptedException {
    screenshotUrl(url(html, fragment), png, width, height);
  }

  /** Saves a screenshot of the page at {@code url} at the given window size. */
  public void screenshotUrl(String url, Path png, int width, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    run(List.of("--screenshot=" + png.toAbsolutePath(), url), width, height);
    if (!Files.exists(png)) {
      throw new IOException("Chromium wrote no screenshot to " + png);
    }
  }

  private static String url(Path html, String fragment) {
    String u = html.toAbsolutePath().toUri().toString();
    return fragment == null || fragment.isEmpty() ? u : u + "#" + fragment;
  }

  private String run(List<String> what, int width, int height)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("fl-chromium");
    Path stdout = Files.createTempFile("fl-chromium", ".out");
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(binary.toString());
      cmd.addAll(
          List.of(
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-dev-shm-usage",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--no-first-run",
              "--hide-scrollbars",
              "--user-data-dir=" + profile,
              "--window-size=" + width + "," + height,
              "--virtual-time-budget=10000"));
      cmd.addAll(what);
      Process p =
          new ProcessBuilder(cmd)
              .redirectOutput(stdout.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("Chromium did not finish within 180 s");
      }
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(stdout);
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // a leftover temp file is harmless
                }
              });
    } catch (IOException ignored) {
      // same
    }
  }
}
