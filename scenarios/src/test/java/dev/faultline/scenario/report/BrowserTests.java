package dev.faultline.scenario.report;

import dev.faultline.report.HeadlessChromium;
import java.nio.file.Path;

/** What browser tests outside this package share: the browser, and the build folder. */
public final class BrowserTests {
  private BrowserTests() {}

  /** The installed Chromium (required on CI, else the test is skipped). */
  public static HeadlessChromium chromium() {
    return ProtocolFailureReportTest.chromium();
  }

  /** The module's build folder ({@code target/}), where screenshots go. */
  public static Path buildDir() throws Exception {
    return ProtocolFailureReportTest.buildDir();
  }
}
