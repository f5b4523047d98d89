package dev.faultline.check;

import dev.faultline.sim.api.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A history as the checker sees it: its operations (in invoke order) paired from events. Failed
 * operations are dropped (they never happened); operations without a definite completion are
 * indeterminate. Built from events by {@link #fromEvents} which rejects completions without an
 * invoke, a second invoke while a process has an operation open, and operations the model does not
 * understand.
 */
public record History(String source, int eventCount, List<Operation> operations) {

  /** What a read's null/nil result means: Knossos EDN says "not recorded", the rest "absent". */
  public enum NilRead {
    UNKNOWN,
    ABSENT
  }

  public History {
    operations = List.copyOf(operations);
  }

  /**
   * Converts a simulator history (values are strings: the kv model's main path). Lines are numbered
   * as in the history.jsonl a run writes.
   */
  public static History fromHistoryEvents(List<HistoryEvent> events, Model<?> model) {
    List<RawEvent> raw = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e == null) { // not requireNonNull(e, "event " + i): that built the message every time
        throw new NullPointerException("event " + i);
      }
      RawEvent.Kind kind =
          switch (e.type()) {
            case INVOKE -> RawEvent.Kind.INVOKE;
            case OK -> RawEvent.Kind.OK;
            case FAIL -> RawEvent.Kind.FAIL;
            case INFO -> RawEvent.Kind.INFO;
          };
      // A run writes its history one event per line (history.jsonl): event i is line i + 1, so
      // messages name the same place as 'faultline check history.jsonl' does.
      raw.add(new RawEvent(e.process(), kind, e.f(), e.key(), e.value(), i + 1));
    }
    return fromEvents(null, raw, model, NilRead.ABSENT);
  }

  static History fromEvents(String source, List<RawEvent> events, Model<?> model, NilRead nil) {
    // Open operation per process; TreeMap keeps everything deterministic.
    Map<Integer, Open> open = new TreeMap<>();
    List<Operation> ops = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      RawEvent e = events.get(i);
      if (e.kind() == RawEvent.Kind.INVOKE) {
        invoke(source, model, open, e, i);
        continue;
      }
      Open inv = open.remove(e.process());
      checkCompletes(source, inv, e);
      switch (e.kind()) {
        case FAIL -> validate(source, model, indeterminate(inv, i, e.line()), e.line()); // dropped
        case INFO -> add(source, model, ops, indeterminate(inv, i, e.line()), e.line());
        case OK -> {
          boolean known = e.value() != null || nil == NilRead.ABSENT;
          Operation op =
              new Operation(
                  inv.event.process(),
                  inv.event.f(),
                  inv.event.key(),
                  inv.event.value(),
                  e.value(),
                  true,
                  known,
                  inv.index,
                  i,
                  fileLine(source, inv.event.line()),
                  fileLine(source, e.line()));
          add(source, model, ops, op, e.line());
        }
        default -> throw new IllegalStateException();
      }
    }
    for (Open o : open.values()) {
      add(source, model, ops, indeterminate(o, -1, 0), o.event.line());
    }
    ops.sort((a, b) -> Integer.compare(a.invokeIndex(), b.invokeIndex())); // stable, in place
    return new History(source, events.size(), ops); // the constructor makes it immutable
  }

  /** Opens event {@code e}'s operation: one open operation per process. */
  private static void invoke(
      String source, Model<?> model, Map<Integer, Open> open, RawEvent e, int index) {
    Open prev = open.get(e.process());
    if (prev != null) {
      throw new HistoryFormatException(
          source,
          e.line(),
          "process "
              + e.process()
              + " invokes "
              + e.f()
              + " while its "
              + prev.event.f()
              + " from "
              + place(source, prev.event.line())
              + " is still open");
    }
    Open o = new Open(e, index, source);
    // Reject what the model cannot understand at the invoke (unknown f, bad argument).
    validate(source, model, indeterminate(o, -1, 0), e.line());
    open.put(e.process(), o);
  }

  /** A completion needs an open invoke of its process, with the same f and key. */
  private static void checkCompletes(String source, Open inv, RawEvent e) {
    if (inv == null) {
      throw new HistoryFormatException(
          source,
          e.line(),
          e.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " "
              + e.f()
              + " of process "
              + e.process()
              + " has no invoke");
    }
    if (!inv.event.f().equals(e.f())) {
      throw new HistoryFormatException(
          source,
          e.line(),
          "completion f '"
              + e.f()
              + "' does not match the invoke's f '"
              + inv.event.f()
              + "' ("
              + place(source, inv.event.line())
              + ")");
    }
    if (e.key() != null && !e.key().equals(inv.event.key())) {
      throw new HistoryFormatException(
          source,
          e.line(),
          "completion key '"
              + e.key()
              + "' does not match the invoke's key '"
              + inv.event.key()
              + "'");
    }
  }

  private static Operation indeterminate(Open inv, int completeIndex, long completeLine) {
    RawEvent e = inv.event;
    return new Operation(
        e.process(),
        e.f(),
        e.key(),
        e.value(),
        null,
        false,
        false,
        inv.index,
        completeIndex,
        fileLine(inv.source, e.line()),
        fileLine(inv.source, completeLine));
  }

  private static void add(
      String source, Model<?> model, List<Operation> ops, Operation op, long line) {
    validate(source, model, op, line);
    ops.add(op);
  }

  private static void validate(String source, Model<?> model, Operation op, long line) {
    String problem = model.validate(op);
    if (problem != null) {
      throw new HistoryFormatException(source, line, problem);
    }
  }

  private static String place(String source, long line) {
    return source == null ? "history line " + line : "line " + line;
  }

  private record Open(RawEvent event, int index, String source) {}

  /** In-memory histories have event indices, not lines: report no line for them. */
  /** In-memory histories are numbered as the history.jsonl a run writes (see above). */
  private static long fileLine(String source, long line) {
    return line;
  }
}
