package dev.faultline.sim.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's state as people read it: named fields in the order the protocol puts them, written as a
 * JSON object by the trace's value rules ({@code dev.faultline.sim.trace.TraceJson}: strings,
 * numbers, booleans, enums, node ids, records, lists, sorted maps and sets, and nested
 * descriptions). Reports show it before and after every event and the debugger shows it for every
 * node, so it names what a reader of the protocol's paper looks for (term, vote, log, commit index,
 * view, status, the KV store, sessions) and caps what can grow without bound ({@link #lastOf}).
 *
 * <p>{@link #NONE} is what a state that does not describe itself returns (the default of {@link
 * NodeState#describe()}); the contract suite fails such a protocol.
 */
public final class StateDescription {
  /** The entries of a long log or list that a description shows: the newest ones. */
  public static final int SHOWN_ENTRIES_MAX = 30;

  /** "This state does not describe itself." */
  public static final StateDescription NONE = new StateDescription();

  private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();

  /** An empty description to {@link #put} fields into. */
  public static StateDescription of() {
    return new StateDescription();
  }

  /** Adds (or replaces) a field; returns this description. */
  public StateDescription put(String name, Object value) {
    if (this == NONE) {
      throw new IllegalStateException("StateDescription.NONE cannot hold fields: use of()");
    }
    fields.put(name, value);
    return this;
  }

  /** The fields, in the order they were put. */
  public Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  /**
   * The fields, for messages: {@code {name=value, ...}}, nested descriptions likewise. It renders
   * the state as it is now: a description may hold live parts of the state.
   */
  @Override
  public String toString() {
    return fields.toString();
  }

  /** False only for {@link #NONE}. */
  public boolean described() {
    return this != NONE;
  }

  /**
   * Puts a log (or any indexed list) as {@code {"length": n, "entries": {"<index>": "<entry>",
   * ...}}}: its newest {@link #SHOWN_ENTRIES_MAX} entries keyed by their index ({@code firstIndex}
   * is the index of {@code entries.get(0)}), each as {@code show} writes it. A reader sees what
   * changed at which index; a long log stays a few lines.
   */
  public <T> StateDescription putLog(
      String name, List<T> entries, long firstIndex, java.util.function.Function<T, Object> show) {
    LinkedHashMap<String, Object> shown = new LinkedHashMap<>();
    int from = Math.max(0, entries.size() - SHOWN_ENTRIES_MAX);
    for (int k = from; k < entries.size(); k++) {
      shown.put(Long.toString(firstIndex + k), show.apply(entries.get(k)));
    }
    return put(name, of().put("length", entries.size()).put("entries", shown));
  }

  /**
   * Puts a map from slot (or index) to value, such as decided or accepted slots, as {@code
   * {"count": n, "slots": {"<slot>": value, ...}}} with its {@link #SHOWN_ENTRIES_MAX} highest
   * slots, each as {@code show} writes it.
   */
  public <V> StateDescription putSlots(
      String name,
      java.util.SortedMap<Long, V> slots,
      java.util.function.Function<V, Object> show) {
    LinkedHashMap<String, Object> shown = new LinkedHashMap<>();
    int skip = Math.max(0, slots.size() - SHOWN_ENTRIES_MAX);
    for (Map.Entry<Long, V> e : slots.entrySet()) {
      if (skip > 0) {
        skip--;
        continue;
      }
      shown.put(Long.toString(e.getKey()), show.apply(e.getValue()));
    }
    return put(name, of().put("count", slots.size()).put("slots", shown));
  }

  /**
   * The last {@code max} elements of {@code list} (all of them when it is short): what a
   * description shows of a log, next to the log's full length.
   */
  public static <T> List<T> lastOf(List<T> list, int max) {
    return list.size() <= max
        ? List.copyOf(list)
        : List.copyOf(list.subList(list.size() - max, list.size()));
  }
}
