package dev.faultline.check;

/**
 * One history event as a reader parsed it, before invokes are paired with completions. {@code
 * value} is a String, Long, {@code List<Long>} or null; {@code line} is the file line (or the event
 * index for in-memory histories).
 */
record RawEvent(int process, Kind kind, String f, String key, Object value, long line) {
  enum Kind {
    INVOKE,
    OK,
    FAIL,
    INFO
  }
}
