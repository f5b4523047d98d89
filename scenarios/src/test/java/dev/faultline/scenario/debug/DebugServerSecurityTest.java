package dev.faultline.scenario.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debugger lets no one in who does not belong, tried over raw HTTP (so every header is the
 * test's choice): no or a wrong token, a foreign Origin, a cross-site fetch, a foreign Host (DNS
 * rebinding), path traversal, and a request that names its own file to write.
 */
class DebugServerSecurityTest {
  @TempDir Path dir;
  private DebugServer server;
  private Path save;

  @BeforeEach
  void start() throws Exception {
    save = dir.resolve("allowed").resolve("path.json");
    DebugSession session = DebugLaunch.fromProtocol("raft", null, 3, 0, 0, new TreeMap<>(), false);
    server = new DebugServer(session, save, InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Status line and body of one raw request. */
  private record Reply(int status, String body) {}

  private Reply raw(String method, String target, String... headers) throws Exception {
    return rawWithBody(method, target, "", headers);
  }

  private Reply rawWithBody(String method, String target, String body, String... headers)
      throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      boolean hasHost = Stream.of(headers).anyMatch(h -> h.startsWith("Host:"));
      if (!hasHost) {
        req.append("Host: 127.0.0.1:").append(server.port()).append("\r\n");
      }
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      req.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(all.substring(9, 12));
      int at = all.indexOf("\r\n\r\n");
      return new Reply(status, at < 0 ? "" : all.substring(at + 4));
    }
  }

  private String withToken(String path) {
    return path + (path.contains("?") ? "&" : "?") + "token=" + server.token();
  }

  @Test
  void theTokenOpensThePageAndTheApi() throws Exception {
    assertEquals(200, raw("GET", withToken("/")).status());
    Reply state = raw("GET", "/api/state", "X-Faultline-Token: " + server.token());
    assertEquals(200, state.status());
    assertTrue(state.body().contains("\"protocol\":\"raft\""), state.body());
  }

  @Test
  void aMissingOrWrongTokenIsRefused() throws Exception {
    for (String path : new String[] {"/", "/api/state", "/debug.js"}) {
      Reply none = raw("GET", path);
      assertEquals(403, none.status(), path);
      assertTrue(none.body().contains("token"), none.body());
      assertEquals(403, raw("GET", path + "?token=" + "0".repeat(32)).status(), path);
    }
    assertEquals(403, raw("POST", "/api/act").status());
    assertEquals(403, raw("POST", "/api/save").status());
    assertFalse(Files.exists(save));
  }

  @Test
  void aForeignOriginOrCrossSiteFetchIsRefusedEvenWithTheToken() throws Exception {
    Reply evil = raw("POST", withToken("/api/save"), "Origin: http://evil.example");
    assertEquals(403, evil.status());
    assertTrue(evil.body().contains("cross-origin"), evil.body());
    assertEquals(403, raw("GET", withToken("/api/state"), "Origin: http://127.0.0.1:1").status());
    assertEquals(403, raw("GET", withToken("/api/state"), "Origin: null").status());
    assertEquals(403, raw("GET", withToken("/api/state"), "Sec-Fetch-Site: cross-site").status());
    assertFalse(Files.exists(save));
    String own = "Origin: http://127.0.0.1:" + server.port();
    assertEquals(200, raw("GET", withToken("/api/state"), own).status());
  }

  @Test
  void aForeignHostIsRefused() throws Exception {
    assertEquals(
        403,
        raw("GET", withToken("/api/state"), "Host: rebound.example:" + server.port()).status());
    assertEquals(403, raw("GET", withToken("/api/state"), "Host: 127.0.0.1:1").status());
  }

  @Test
  void pathTraversalFindsNothingAndARequestCannotNameTheFileToWrite() throws Exception {
    for (String path :
        new String[] {
          "/../pom.xml",
          "/..%2f..%2f..%2fetc%2fpasswd",
          "/%2e%2e/%2e%2e/etc/passwd",
          "/dev/faultline/scenario/debug/debug.js",
          "/api/../../etc/passwd",
          "/debug.js/../../../../etc/passwd"
        }) {
      Reply r = raw("GET", withToken(path));
      assertEquals(404, r.status(), path + ": " + r.body());
      assertFalse(r.body().contains("root:"), path);
    }
    Path elsewhere = dir.resolve("elsewhere.json");
    Reply named =
        rawWithBody(
            "POST",
            withToken("/api/save"),
            "{\"path\":\"" + elsewhere + "\"}",
            "Content-Type: application/json");
    assertEquals(400, named.status(), named.body());
    assertFalse(Files.exists(elsewhere));
    assertFalse(Files.exists(save));
    Reply ok = raw("POST", withToken("/api/save"));
    assertEquals(200, ok.status(), ok.body());
    assertTrue(Files.exists(save));
    try (Stream<Path> all = Files.walk(dir)) {
      assertEquals(
          1, all.filter(Files::isRegularFile).count(), "the save file is the only file written");
    }
  }
}
