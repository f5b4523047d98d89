package dev.faultline.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the diagram's tables as one compact, columnar JSON document that the page's script reads.
 * Tick columns that are sorted are delta-encoded ({@code "s"} of messages and points).
 */
final class DiagramData {
  private DiagramData() {}

  static String write(
      DiagramBuilder b,
      ClientOps ops,
      Explanation explanation,
      ObjectNode meta,
      List<String> states) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JsonLines.MAPPER.getFactory().createGenerator(text)) {
      g.writeStartObject();
      g.writeFieldName("meta");
      JsonLines.MAPPER.writeTree(g, meta);
      g.writeArrayFieldStart("lanes");
      for (String name : b.lanes.names()) {
        g.writeString(name);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("order");
      for (int i : b.lanes.displayOrder()) {
        g.writeNumber(i);
      }
      g.writeEndArray();
      b.types.write(g, "types");
      b.bandKeys.write(g, "bandKeys");
      messages(g, b);
      points(g, b);
      g.writeObjectFieldStart("b");
      b.bLane.write(g, "l");
      b.bKey.write(g, "k");
      b.bStart.write(g, "s");
      closeOpen(b.bEnd, b.lastTick).write(g, "e");
      b.bValue.write(g, "v");
      g.writeEndObject();
      partitions(g, b);
      operations(g, b, ops);
      if (explanation != null) {
        g.writeFieldName("expl");
        g.writeRawValue(explanation.json());
      }
      b.strings.write(g, "strings");
      g.writeArrayFieldStart("states");
      for (String line : states) {
        g.writeRawValue(line);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static LongColumn closeOpen(LongColumn ends, long lastTick) {
    for (int i = 0; i < ends.size(); i++) {
      if (ends.get(i) < 0) {
        ends.set(i, lastTick);
      }
    }
    return ends;
  }

  /** Row order sorted by a tick column (stable), so the page can cull by binary search. */
  private static int[] sortedBy(LongColumn ticks) {
    Integer[] order = new Integer[ticks.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(ticks::get));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  private static LongColumn permute(LongColumn c, int[] order) {
    LongColumn out = new LongColumn();
    for (int i : order) {
      out.add(c.get(i));
    }
    return out;
  }

  private static void messages(JsonGenerator g, DiagramBuilder b) throws IOException {
    int[] order = sortedBy(b.mSend);
    LongColumn duration = new LongColumn();
    for (int i : order) {
      long end = b.mEnd.get(i);
      duration.add(end < 0 ? -1 : end - b.mSend.get(i));
    }
    g.writeObjectFieldStart("m");
    permute(b.mSend, order).writeDeltas(g, "s");
    duration.write(g, "d");
    permute(b.mFrom, order).write(g, "f");
    permute(b.mTo, order).write(g, "t");
    permute(b.mType, order).write(g, "ty");
    permute(b.mStatus, order).write(g, "st");
    permute(b.mFlags, order).write(g, "fl");
    permute(b.mId, order).writeDeltas(g, "id");
    permute(b.mBody, order).write(g, "b");
    permute(b.mEvent, order).writeDeltas(g, "ev");
    permute(b.mEndEvent, order).write(g, "ee");
    g.writeEndObject();
  }

  private static void points(JsonGenerator g, DiagramBuilder b) throws IOException {
    int[] order = sortedBy(b.pTick);
    g.writeObjectFieldStart("p");
    permute(b.pTick, order).writeDeltas(g, "t");
    permute(b.pLane, order).write(g, "l");
    permute(b.pKind, order).write(g, "k");
    permute(b.pText, order).write(g, "x");
    permute(b.pEvent, order).writeDeltas(g, "ev");
    g.writeEndObject();
  }

  private static void partitions(JsonGenerator g, DiagramBuilder b) throws IOException {
    g.writeArrayFieldStart("parts");
    for (int i = 0; i < b.partStart.size(); i++) {
      List<long[]> links = b.partLinks.get(i);
      if (links.isEmpty()) {
        continue; // a heal: nothing blocked from here on
      }
      long start = b.partStart.get(i)[0];
      long end = i + 1 < b.partStart.size() ? b.partStart.get(i + 1)[0] : b.lastTick;
      g.writeStartObject();
      g.writeNumberField("s", start);
      g.writeNumberField("e", end);
      g.writeStringField("d", b.strings.get((int) b.partStart.get(i)[1]));
      g.writeArrayFieldStart("links");
      for (long[] l : links) {
        g.writeArray(l, 0, 2);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void operations(JsonGenerator g, DiagramBuilder b, ClientOps ops)
      throws IOException {
    g.writeObjectFieldStart("ops");
    LongColumn lane = new LongColumn();
    LongColumn start = new LongColumn();
    LongColumn end = new LongColumn();
    LongColumn outcome = new LongColumn();
    LongColumn label = new LongColumn();
    LongColumn invoke = new LongColumn();
    LongColumn complete = new LongColumn();
    LongColumn mark = new LongColumn();
    if (ops != null) {
      for (ClientOps.Op op : ops.ops) {
        lane.add(b.lanes.index(b.clientLane.apply(op.process)));
        start.add(op.startTick);
        end.add(op.endTick);
        outcome.add(op.outcome);
        label.add(b.strings.index(op.label()));
        invoke.add(op.invokeIndex);
        complete.add(op.completeIndex);
        mark.add(op.mark);
      }
    }
    lane.write(g, "l");
    start.write(g, "s");
    end.write(g, "e");
    outcome.write(g, "o");
    label.write(g, "x");
    invoke.write(g, "inv");
    complete.write(g, "cmp");
    mark.write(g, "mk");
    g.writeEndObject();
  }
}
