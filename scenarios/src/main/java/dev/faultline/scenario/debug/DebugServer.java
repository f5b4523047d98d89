package dev.faultline.scenario.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The debugger's local web server (the JDK's built-in one): the page and its script from the
 * classpath, and a small JSON API over one {@link DebugSession}. It lets no one in who does not
 * belong:
 *
 * <ul>
 *   <li>it binds to the loopback address unless told otherwise;
 *   <li>every request carries the per-run random token (in the printed URL's {@code ?token=}, or
 *       the {@code X-Faultline-Token} header the page sends), so another page in the user's browser
 *       cannot drive it;
 *   <li>a request whose {@code Host} is not this server's address and port (DNS rebinding), whose
 *       {@code Origin} is another site, or that a browser marks cross-site, is refused;
 *   <li>it serves no file from disk and takes no path from a request: it reads only the file the
 *       command line named and writes only the {@code --save} file.
 * </ul>
 */
public final class DebugServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PAGES =
      Map.of(
          "/", "debug.html",
          "/debug.js", "debug.js",
          "/debug.css", "debug.css",
          "/statepanel.js", "/dev/faultline/report/statepanel.js",
          "/report.css", "/dev/faultline/report/report.css");

  private final DebugSession session;
  private final Path savePath;
  private final String token;
  private final HttpServer server;

  /**
   * Starts serving {@code session} on {@code bind:port} (port 0: any free one). {@code savePath} is
   * the one file the page may write (null: saving is off).
   */
  public DebugServer(DebugSession session, Path savePath, InetAddress bind, int port)
      throws IOException {
    this.session = session;
    this.savePath = savePath;
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.token = HexFormat.of().formatHex(secret);
    this.server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String token() {
    return token;
  }

  /** The URL to open (it carries the token). */
  public String url() {
    return "http://" + hostName() + ":" + port() + "/?token=" + token;
  }

  private String hostName() {
    InetAddress a = server.getAddress().getAddress();
    return a.isLoopbackAddress() || a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String refusal = Gate.refusal(ex, token, Gate.ourHosts(hostName(), port()));
      if (refusal != null) {
        send(ex, 403, "text/plain", refusal);
        return;
      }
      String path = ex.getRequestURI().getRawPath();
      String method = ex.getRequestMethod();
      if (method.equals("GET") && PAGES.containsKey(path)) {
        page(ex, PAGES.get(path));
      } else if (method.equals("GET") && path.equals("/api/state")) {
        json(ex, 200, session.view());
      } else if (method.equals("POST") && path.startsWith("/api/")) {
        api(ex, path.substring(5));
      } else {
        send(ex, 404, "text/plain", "not found");
      }
    } catch (RuntimeException e) {
      send(ex, 500, "text/plain", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void api(HttpExchange ex, String what) throws IOException {
    JsonNode body = readBody(ex);
    if (body.has("path") || body.has("file")) {
      send(ex, 400, "text/plain", "the save file is set on the command line (--save), not here");
      return;
    }
    try {
      switch (what) {
        case "act" -> session.act(body.path("step").asInt(-1), body.path("id").asInt(-1));
        case "undo" -> session.undo();
        case "recorded" -> {
          if (!session.takeRecorded()) {
            throw new IllegalStateException("no recorded step fits here");
          }
        }
        case "save" -> {
          save(ex);
          return;
        }
        default -> {
          send(ex, 404, "text/plain", "not found");
          return;
        }
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      json(ex, 409, JSON.createObjectNode().put("error", e.getMessage()));
      return;
    }
    json(ex, 200, session.view());
  }

  private void save(HttpExchange ex) throws IOException {
    if (savePath == null) {
      json(ex, 409, JSON.createObjectNode().put("error", "saving is off: start with --save FILE"));
      return;
    }
    try {
      Path parent = savePath.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(savePath, session.counterexampleJson());
    } catch (IOException e) {
      json(ex, 409, JSON.createObjectNode().put("error", "cannot write " + savePath + ": " + e));
      return;
    }
    json(
        ex,
        200,
        JSON.createObjectNode()
            .put("saved", savePath.toString())
            .put("steps", session.steps())
            .put("replay", "./faultline run " + savePath));
  }

  private static JsonNode readBody(HttpExchange ex) throws IOException {
    byte[] bytes = ex.getRequestBody().readNBytes(64 * 1024);
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(bytes);
      return n == null || !n.isObject() ? JSON.createObjectNode() : n;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private void page(HttpExchange ex, String resource) throws IOException {
    try (InputStream in = DebugServer.class.getResourceAsStream(resource)) {
      if (in == null) {
        send(ex, 404, "text/plain", "not found");
        return;
      }
      // The page names its script and styles with the token: the request for it carried it.
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{TOKEN}}", token);
      String type =
          resource.endsWith(".js")
              ? "text/javascript"
              : resource.endsWith(".css") ? "text/css" : "text/html";
      send(ex, 200, type + "; charset=utf-8", text);
    }
  }

  private static void json(HttpExchange ex, int code, JsonNode body) throws IOException {
    send(ex, code, "application/json", JSON.writeValueAsString(body));
  }

  private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; style-src 'self'");
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static List<String> pages() {
    return List.copyOf(PAGES.keySet());
  }
}
