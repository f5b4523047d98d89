package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns trace events (JSON objects, read without the simulator's classes so any valid trace file
 * works) into the diagram's tables: lanes, message arrows, point events, partitions, annotation
 * bands and client operations. Unknown kinds and fields are tolerated.
 */
final class DiagramBuilder {
  // Message end states; the page styles arrows by these.
  static final int DELIVERED = 0;
  static final int DROP_RANDOM = 1;
  static final int DROP_PARTITION = 2;
  static final int DROP_DOWN = 3;
  static final int DROP_FAULT = 4;
  static final int IN_FLIGHT = 7;
  // Flags on a message.
  static final int FLAG_HELD = 1;
  static final int FLAG_DUPLICATE = 2;
  // Point event kinds.
  static final int P_TIMER = 0;
  static final int P_CRASH = 1;
  static final int P_RESTART = 2;
  static final int P_CLOCK = 3;
  static final int P_PERSIST = 4;
  static final int P_NETWORK = 5;
  static final int P_OTHER = 6;

  private final Path file;
  final Lanes lanes = new Lanes();
  final Interner strings = new Interner();
  final Interner types = new Interner();
  final Interner bandKeys = new Interner();
  final ObjectNode meta = JsonLines.MAPPER.createObjectNode();

  /** The lifeline of a history process: the simulator's "c1" for process 0 unless told. */
  java.util.function.IntFunction<String> clientLane = p -> "c" + (p + 1);

  // Messages (one row per arrow; a duplicate copy is its own row).
  final LongColumn mSend = new LongColumn();
  final LongColumn mEnd = new LongColumn();
  final LongColumn mFrom = new LongColumn();
  final LongColumn mTo = new LongColumn();
  final LongColumn mType = new LongColumn();
  final LongColumn mStatus = new LongColumn();
  final LongColumn mFlags = new LongColumn();
  final LongColumn mId = new LongColumn();
  final LongColumn mBody = new LongColumn();
  final LongColumn mEvent = new LongColumn();
  // The trace event that ended the message (its delivery or drop), -1 while in flight.
  final LongColumn mEndEvent = new LongColumn();
  private final Map<Long, Integer> rowByMsgId = new HashMap<>();

  // Point events.
  final LongColumn pTick = new LongColumn();
  final LongColumn pLane = new LongColumn();
  final LongColumn pKind = new LongColumn();
  final LongColumn pText = new LongColumn();
  final LongColumn pEvent = new LongColumn();

  // Annotation bands: [start, end) per (lane, key).
  final LongColumn bLane = new LongColumn();
  final LongColumn bKey = new LongColumn();
  final LongColumn bStart = new LongColumn();
  final LongColumn bEnd = new LongColumn();
  final LongColumn bValue = new LongColumn();
  private final Map<String, Integer> openBand = new LinkedHashMap<>(); // "lane/key" -> row

  // Partitions: one segment per partition event, until the next one.
  final List<long[]> partStart = new ArrayList<>(); // {tick, descriptionString}
  final List<List<long[]>> partLinks = new ArrayList<>();

  final List<HistoryEntry> traceHistory = new ArrayList<>();
  final ClockBounds clockBounds = new ClockBounds();
  long events;
  long firstTick = Long.MAX_VALUE;
  long lastTick = 0;
  long unknownKinds;
  long violationTick = -1;
  long violationAfter = -1;
  private final Map<Long, long[]> eventPlace = new HashMap<>(); // trace index -> {tick, lane}

  DiagramBuilder(Path file) {
    this.file = file;
  }

  void accept(JsonLines.Line line) {
    Fields f = new Fields(file, line, null);
    String kind = f.text("kind");
    long tick = f.integer("tick");
    long index = f.integerOr("i", events);
    f = new Fields(file, line, kind);
    events++;
    firstTick = Math.min(firstTick, tick);
    lastTick = Math.max(lastTick, tick);
    switch (kind) {
      case "start" -> start(f);
      case "end" -> {
        meta.put("endReason", f.textOrNull("reason"));
        meta.put("endTick", tick);
      }
      case "send" -> send(f, tick, index);
      case "deliver" -> deliver(f, tick, index);
      case "drop" -> drop(f, tick, index);
      case "duplicate" -> duplicate(f, tick, index);
      case "hold" -> {
        int row = rowFor(f, tick, index, f.integer("msgId"));
        mFlags.set(row, mFlags.get(row) | FLAG_HELD);
        remember(index, tick, (int) mFrom.get(row));
      }
      case "timer" -> point(tick, node(f, "node"), P_TIMER, body(f.raw("timer")), index);
      case "crash" -> {
        int lane = node(f, "node");
        closeBands(lane, tick);
        point(tick, lane, P_CRASH, "crash", index);
      }
      case "restart" -> {
        JsonNode had = f.raw("hadDurable");
        boolean disk = had == null || had.asBoolean(true);
        point(tick, node(f, "node"), P_RESTART, disk ? "restart" : "restart (empty disk)", index);
      }
      case "partition" -> partition(f, tick);
      case "clock" -> clock(f, tick, index);
      case "persist" -> point(tick, node(f, "node"), P_PERSIST, "persist", index);
      case "history" -> history(f, tick, index);
      case "annotate" -> annotate(f, tick, index);
      case "network" ->
          point(tick, -1, P_NETWORK, "network: " + f.textOrNull("description"), index);
      case "violation" -> {
        violationTick = tick;
        violationAfter = f.integerOr("afterEvent", -1);
        ObjectNode v = meta.putObject("violation");
        v.put("property", f.textOrNull("property"));
        v.put("message", f.textOrNull("message"));
        v.put("tick", tick);
        v.put("afterEvent", violationAfter);
      }
      default -> unknownKinds++;
    }
  }

  private void start(Fields f) {
    JsonNode seed = f.raw("seed");
    if (seed != null && !seed.isNull()) {
      meta.put("seed", seed.asText());
    }
    meta.put("protocol", f.textOrNull("protocol"));
    meta.put("variant", f.textOrNull("variant"));
    meta.put("scenario", f.textOrNull("scenario"));
    JsonNode nodes = f.raw("nodes");
    if (nodes != null && nodes.isArray()) {
      for (JsonNode n : nodes) {
        lanes.index(n.asText());
      }
    }
  }

  private void send(Fields f, long tick, long index) {
    long msgId = f.integer("msgId");
    int from = node(f, "from");
    int to = node(f, "to");
    JsonNode message = f.raw("message");
    int row = newRow(tick, from, to, typeOf(message), body(message), msgId, index);
    rowByMsgId.put(msgId, row);
    remember(index, tick, from);
  }

  private void deliver(Fields f, long tick, long index) {
    int row = rowFor(f, tick, index, f.integer("msgId"));
    mEnd.set(row, tick);
    mEndEvent.set(row, index);
    mStatus.set(row, DELIVERED);
    remember(index, tick, (int) mTo.get(row));
  }

  private void drop(Fields f, long tick, long index) {
    int row = rowFor(f, tick, index, f.integer("msgId"));
    String reason = f.textOrNull("reason");
    int status =
        switch (reason == null ? "" : reason) {
          case "random" -> DROP_RANDOM;
          case "partition" -> DROP_PARTITION;
          case "down" -> DROP_DOWN;
          default -> DROP_FAULT;
        };
    mEnd.set(row, tick);
    mEndEvent.set(row, index);
    mStatus.set(row, status);
    remember(index, tick, (int) mTo.get(row));
  }

  private void duplicate(Fields f, long tick, long index) {
    long msgId = f.integer("msgId");
    long copyId = f.integer("copyId");
    int original = rowFor(f, tick, index, msgId);
    int row =
        newRow(
            mSend.get(original),
            (int) mFrom.get(original),
            (int) mTo.get(original),
            (int) mType.get(original),
            (int) mBody.get(original),
            copyId,
            index);
    mFlags.set(row, FLAG_DUPLICATE);
    rowByMsgId.put(copyId, row);
    remember(index, tick, (int) mFrom.get(original));
  }

  /** The row of a message; a message whose send is not in the trace gets a row starting here. */
  private int rowFor(Fields f, long tick, long index, long msgId) {
    Integer row = rowByMsgId.get(msgId);
    if (row != null) {
      return row;
    }
    int from = node(f, "from");
    int to = node(f, "to");
    int r = newRow(tick, from, to, types.index("?"), strings.index(""), msgId, index);
    rowByMsgId.put(msgId, r);
    return r;
  }

  private int newRow(long send, int from, int to, int type, int body, long msgId, long index) {
    mSend.add(send);
    mEnd.add(-1);
    mEndEvent.add(-1);
    mFrom.add(from);
    mTo.add(to);
    mType.add(type);
    mStatus.add(IN_FLIGHT);
    mFlags.add(0);
    mId.add(msgId);
    mBody.add(body);
    return mEvent.add(index);
  }

  private void partition(Fields f, long tick) {
    List<long[]> links = new ArrayList<>();
    JsonNode blocked = f.raw("blocked");
    if (blocked != null && blocked.isArray()) {
      for (JsonNode l : blocked) {
        JsonNode from = l.get("from");
        JsonNode to = l.get("to");
        if (from == null || to == null || !from.isTextual() || !to.isTextual()) {
          throw f.problem("each blocked link needs string \"from\" and \"to\", found " + l);
        }
        links.add(new long[] {lanes.index(from.textValue()), lanes.index(to.textValue())});
      }
    } else if (blocked != null && !blocked.isNull()) {
      throw f.problem("\"blocked\" must be an array of links");
    }
    String description = f.textOrNull("description");
    partStart.add(new long[] {tick, strings.index(description == null ? "" : description)});
    partLinks.add(links);
  }

  private void clock(Fields f, long tick, long index) {
    long offset = f.integerOr("offsetTicks", 0);
    long drift = f.integerOr("driftPpm", 0);
    long error = f.integerOr("errorTicks", 0);
    JsonNode within = f.raw("withinBound");
    boolean ok = within == null || within.asBoolean(true);
    String text =
        "clock offset "
            + (offset >= 0 ? "+" : "")
            + offset
            + " ticks, drift "
            + drift
            + " ppm, error \u00b1"
            + error
            + (ok ? "" : " \u2014 OUT OF BOUND");
    point(tick, node(f, "node"), P_CLOCK, text, index);
    clockBounds.change(f.textOrNull("node"), tick, ok, error);
  }

  private void history(Fields f, long tick, long index) {
    JsonNode e = f.raw("event");
    if (e == null || !e.isObject()) {
      throw f.problem("missing \"event\" object");
    }
    JsonNode process = e.get("process");
    JsonNode type = e.get("type");
    JsonNode fn = e.get("f");
    if (process == null || !process.canConvertToInt() || type == null || fn == null) {
      throw f.problem("\"event\" needs \"process\", \"type\" and \"f\"");
    }
    traceHistory.add(
        new HistoryEntry(
            process.intValue(),
            type.asText(),
            fn.asText(),
            textOf(e.get("key")),
            textOf(e.get("value")),
            tick,
            0));
    String node = f.textOrNull("node");
    remember(
        index,
        tick,
        node == null ? lanes.index(clientLane.apply(process.intValue())) : lanes.index(node));
  }

  private static String textOf(JsonNode v) {
    return v == null || v.isNull() ? null : v.asText();
  }

  private void annotate(Fields f, long tick, long index) {
    int lane = node(f, "node");
    String key = f.text("key");
    String value = f.textOrNull("value");
    int k = bandKeys.index(key);
    String slot = lane + "/" + k;
    Integer open = openBand.remove(slot);
    if (open != null) {
      bEnd.set(open, tick);
    }
    if (value != null) {
      bLane.add(lane);
      bKey.add(k);
      bStart.add(tick);
      bEnd.add(-1);
      openBand.put(slot, bValue.add(strings.index(value)));
    }
    remember(index, tick, lane);
  }

  /** A crashed node forgets its volatile state, so its role/term bands stop at the crash. */
  private void closeBands(int lane, long tick) {
    openBand
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().startsWith(lane + "/")) {
                bEnd.set(e.getValue(), tick);
                return true;
              }
              return false;
            });
  }

  private void point(long tick, int lane, int kind, String text, long index) {
    point(tick, lane, kind, strings.index(text), index);
  }

  private void point(long tick, int lane, int kind, int text, long index) {
    pTick.add(tick);
    pLane.add(lane);
    pKind.add(kind);
    pText.add(text);
    pEvent.add(index);
    remember(index, tick, lane);
  }

  private void remember(long index, long tick, int lane) {
    // Only the violation's cause is looked up later; keep the map small by storing all cheaply.
    eventPlace.put(index, new long[] {tick, lane});
  }

  long[] placeOf(long index) {
    return eventPlace.get(index);
  }

  private int node(Fields f, String name) {
    return lanes.index(f.text(name));
  }

  private int typeOf(JsonNode message) {
    if (message == null || !message.isObject()) {
      return types.index(message == null || message.isNull() ? "?" : message.asText());
    }
    JsonNode type = message.get("type");
    return types.index(type == null ? "?" : type.asText());
  }

  /** "Type {fields}" of a message or timer, fields summarised (see BodySummary), deduplicated. */
  private int body(JsonNode message) {
    if (message == null || !message.isObject()) {
      return strings.index(message == null ? "" : message.toString());
    }
    JsonNode type = message.get("type");
    String fields = BodySummary.fieldsOf((ObjectNode) message);
    String name = type == null ? "?" : type.asText();
    return strings.index(fields.isEmpty() ? name : name + " " + fields);
  }
}
