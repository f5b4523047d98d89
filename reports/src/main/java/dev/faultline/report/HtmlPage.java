package dev.faultline.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Assembles the self-contained page: the template with its CSS, script and the diagram data inlined
 * (no network access is needed to open it).
 */
final class HtmlPage {
  private static final String TEMPLATE = resource("report.html");
  private static final String CSS = resource("report.css");
  private static final String JS = resource("statepanel.js") + "\n" + resource("report.js");

  private HtmlPage() {}

  /** Data above this size is gzip-compressed into the page (about 4x smaller for traces). */
  static final int COMPRESS_ABOVE_CHARS = 512 * 1024;

  static String render(String title, String dataJson) {
    return render(title, dataJson, "");
  }

  /**
   * The page with {@code statsHtml} (a static section, e.g. {@link StatsCharts}) below the plot.
   */
  static String render(String title, String dataJson, String statsHtml) {
    String type = "application/json";
    String data;
    if (dataJson.length() > COMPRESS_ABOVE_CHARS) {
      type = "application/gzip+base64";
      data = gzipBase64(dataJson);
    } else {
      // "</" inside a <script> would end it; "<\/" means the same in JSON and JS strings.
      data = dataJson.replace("</", "<\\/").replace("<!--", "<\\!--");
    }
    StringBuilder out = new StringBuilder(TEMPLATE.length() + data.length() + JS.length() + 4096);
    // The title appears twice (<title>, <h1>); braces are escaped so it cannot name a slot.
    String rest = TEMPLATE.replace("{{TITLE}}", escapeHtml(title).replace("{", "&#123;"));
    String[][] slots = {
      {"{{CSS}}", CSS},
      {"{{STATS}}", statsHtml},
      {"{{DATATYPE}}", type},
      {"{{DATA}}", data},
      {"{{JS}}", JS}
    };
    for (String[] slot : slots) {
      int at = rest.indexOf(slot[0]);
      if (at < 0) {
        throw new IllegalStateException("report template lacks " + slot[0]);
      }
      out.append(rest, 0, at).append(slot[1]);
      rest = rest.substring(at + slot[0].length());
    }
    return out.append(rest).toString();
  }

  /** Gzip (no timestamp, so the same data gives the same page) then base64, wrapped at 76. */
  static String gzipBase64(String text) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length() / 4);
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes, 1 << 16)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return java.util.Base64.getMimeEncoder(76, new byte[] {'\n'})
        .encodeToString(bytes.toByteArray());
  }

  static String escapeHtml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String resource(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
