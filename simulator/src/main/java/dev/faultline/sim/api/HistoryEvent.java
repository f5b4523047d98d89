package dev.faultline.sim.api;

import java.util.Objects;

/**
 * One client history event (one line of history.jsonl): {@code invoke}, then exactly one of {@code
 * ok}, {@code fail} or {@code info} per operation. Values are strings (the KV model); {@code value}
 * may be null (a get's invoke). {@code timeTicks} is stamped by the world when recorded (-1 until
 * then) and is for reports only: the order of events in a history is the real-time order.
 */
public record HistoryEvent(
    int process, Type type, String f, String key, String value, long timeTicks) {

  /** The kinds of history event; serialized in lower case. */
  public enum Type {
    INVOKE,
    OK,
    FAIL,
    INFO;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public HistoryEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(f, "f");
    if (process < 0) {
      throw new IllegalArgumentException("process must be >= 0, was " + process);
    }
  }

  public static HistoryEvent invoke(int process, String f, String key, String value) {
    return new HistoryEvent(process, Type.INVOKE, f, key, value, -1);
  }

  public static HistoryEvent complete(int process, Type type, String f, String key, String value) {
    return new HistoryEvent(process, type, f, key, value, -1);
  }

  public HistoryEvent atTick(long tick) {
    return new HistoryEvent(process, type, f, key, value, tick);
  }
}
