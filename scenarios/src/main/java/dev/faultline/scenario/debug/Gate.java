package dev.faultline.scenario.debug;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Who may use the debugger: a request with this run's token, addressed to this server by its
 * loopback name (no DNS rebinding), and not sent by another site's page.
 */
final class Gate {
  private Gate() {}

  /** The Host values that name this server: its loopback names, and the address it is bound to. */
  static Set<String> ourHosts(String boundHost, int port) {
    return new java.util.TreeSet<>(
        java.util.List.of(
            "127.0.0.1:" + port,
            "localhost:" + port,
            "[::1]:" + port,
            boundHost.toLowerCase(java.util.Locale.ROOT) + ":" + port));
  }

  /** Why the request is refused, or null to let it in ({@code ours}: see {@link #ourHosts}). */
  static String refusal(HttpExchange ex, String token, Set<String> ours) {
    String host = ex.getRequestHeaders().getFirst("Host");
    if (host == null || !ours.contains(host.toLowerCase(java.util.Locale.ROOT))) {
      return "refused: Host " + host + " is not this debugger";
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin != null && !ours.contains(stripScheme(origin))) {
      return "refused: cross-origin request from " + origin;
    }
    String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if (site != null && site.equals("cross-site")) {
      return "refused: cross-site request";
    }
    String given = ex.getRequestHeaders().getFirst("X-Faultline-Token");
    if (given == null) {
      given = queryToken(ex.getRequestURI());
    }
    if (given == null
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      return "refused: missing or wrong token (open the URL the debugger printed)";
    }
    return null;
  }

  private static String stripScheme(String origin) {
    String o = origin.toLowerCase(java.util.Locale.ROOT);
    return o.startsWith("http://") ? o.substring(7) : "not http: " + o;
  }

  private static String queryToken(URI uri) {
    String q = uri.getRawQuery();
    if (q == null) {
      return null;
    }
    for (String part : q.split("&")) {
      if (part.startsWith("token=")) {
        return part.substring(6);
      }
    }
    return null;
  }
}
