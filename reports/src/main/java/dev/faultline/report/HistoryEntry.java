package dev.faultline.report;

/**
 * One client history event as the report sees it: {@code type} is invoke/ok/fail/info, {@code tick}
 * its virtual time (-1 when unknown), {@code line} where it was read (0 from a trace).
 */
record HistoryEntry(
    int process, String type, String f, String key, String value, long tick, long line) {

  boolean isInvoke() {
    return type.equals("invoke");
  }
}
