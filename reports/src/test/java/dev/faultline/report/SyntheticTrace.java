package dev.faultline.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Raft-shaped trace written as JSON lines (the kernel's format) with every kind of event the
 * report draws: heartbeats and client requests, random loss, duplicates, held messages, a partition
 * and heal, a crash and restart, clock skew, role/term annotations, client history and an invariant
 * violation. Size is chosen by the number of heartbeat rounds.
 */
final class SyntheticTrace {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SplittableRandom random;
  private final List<Object[]> events = new ArrayList<>(); // {tick, seq, ObjectNode}
  private long seq;
  private long msgIds;
  final long endTick;
  final long partitionFrom;
  final long partitionUntil;
  final long crashAt;
  final long restartAt;

  /** History events in order, as history JSON lines (with "time"). */
  final List<String> history = new ArrayList<>();

  private SyntheticTrace(long seed, int rounds) {
    random = new SplittableRandom(seed);
    endTick = rounds * 10L + 50;
    partitionFrom = endTick * 3 / 10;
    partitionUntil = endTick * 45 / 100;
    crashAt = endTick * 6 / 10;
    restartAt = endTick * 7 / 10;
  }

  static List<String> lines(long seed, int rounds) {
    return new SyntheticTrace(seed, rounds).generate();
  }

  static SyntheticTrace build(long seed, int rounds) {
    SyntheticTrace t = new SyntheticTrace(seed, rounds);
    t.cached = t.generate();
    return t;
  }

  List<String> cached;

  private ObjectNode event(long tick, String kind) {
    ObjectNode e = JSON.createObjectNode();
    e.put("i", 0);
    e.put("tick", tick);
    e.put("kind", kind);
    events.add(new Object[] {tick, seq++, e});
    return e;
  }

  private boolean blocked(String a, String b, long tick) {
    boolean cut = tick >= partitionFrom && tick < partitionUntil;
    return cut && (a.equals("s1") ^ b.equals("s1"));
  }

  private boolean down(String node, long tick) {
    return node.equals("s3") && tick >= crashAt && tick < restartAt;
  }

  private void message(long tick, String from, String to, String type, ObjectNode fields) {
    if (down(from, tick)) {
      return;
    }
    long id = ++msgIds;
    ObjectNode send = event(tick, "send");
    send.put("msgId", id);
    send.put("from", from);
    send.put("to", to);
    ObjectNode m = send.putObject("message");
    m.put("type", type);
    m.setAll(fields);
    long at = tick + 1 + random.nextInt(5);
    double r = random.nextDouble();
    if (r < 0.01) {
      ObjectNode hold = event(tick, "hold");
      hold.put("msgId", id).put("from", from).put("to", to);
      at = tick + 150 + random.nextInt(100);
      hold.put("untilTick", at);
    }
    if (r > 0.97) {
      ObjectNode drop = event(tick, "drop");
      drop.put("msgId", id).put("from", from).put("to", to).put("reason", "random");
      return;
    }
    arrive(id, at, from, to, send);
    if (r > 0.955 && r <= 0.97) {
      long copy = ++msgIds;
      ObjectNode dup = event(tick, "duplicate");
      dup.put("msgId", id).put("copyId", copy).put("from", from).put("to", to);
      arrive(copy, at + 3 + random.nextInt(10), from, to, send);
    }
  }

  private void arrive(long id, long at, String from, String to, ObjectNode send) {
    if (blocked(from, to, at) || down(to, at)) {
      ObjectNode drop = event(at, "drop");
      drop.put("msgId", id).put("from", from).put("to", to);
      drop.put("reason", down(to, at) ? "down" : "partition");
      return;
    }
    ObjectNode deliver = event(at, "deliver");
    deliver.put("msgId", id).put("from", from).put("to", to);
    deliver.set("message", send.get("message"));
  }

  private void annotate(long tick, String node, String key, String value) {
    ObjectNode a = event(tick, "annotate");
    a.put("node", node).put("key", key).put("value", value);
  }

  private void history(long tick, String client, String type, String f, String key, String v) {
    ObjectNode h = event(tick, "history");
    h.put("node", client);
    ObjectNode e = h.putObject("event");
    e.put("process", Integer.parseInt(client.substring(1)) - 1);
    e.put("type", type).put("f", f).put("key", key);
    if (v == null) {
      e.putNull("value");
    } else {
      e.put("value", v);
    }
    e.put("time", tick);
    ObjectNode line = e.deepCopy();
    history.add(line.toString());
  }

  private List<String> generate() {
    String[] servers = {"s1", "s2", "s3"};
    ObjectNode start = event(0, "start");
    start.put("seed", 42).put("protocol", "raft").put("variant", "R1").put("scenario", "synthetic");
    ArrayNode nodes = start.putArray("nodes");
    for (String n : List.of("s1", "s2", "s3", "c1", "c2")) {
      nodes.add(n);
    }
    for (String s : servers) {
      annotate(0, s, "role", "follower");
      annotate(0, s, "term", "0");
    }
    annotate(12, "s1", "role", "candidate");
    annotate(12, "s1", "term", "1");
    annotate(20, "s1", "role", "leader");
    String leader = "s1";
    String newLeader = "s2";
    int term = 1;
    int[] opCount = new int[3];
    long[] busyUntil = new long[3];
    for (long tick = 30; tick < endTick - 20; tick += 10) {
      if (tick >= partitionFrom && leader.equals("s1") && tick > partitionFrom + 60) {
        term++;
        annotate(tick, newLeader, "role", "leader");
        annotate(tick, newLeader, "term", Integer.toString(term));
        annotate(tick, "s3", "term", Integer.toString(term));
        leader = newLeader;
      }
      if (tick >= partitionUntil && !leader.equals("s1") && tick < partitionUntil + 10) {
        annotate(tick, "s1", "role", "follower");
        annotate(tick, "s1", "term", Integer.toString(term));
      }
      // The old leader keeps heartbeating into the partition until it hears a higher term.
      List<String> senders = new ArrayList<>(List.of(leader));
      if (!leader.equals("s1") && tick < partitionUntil) {
        senders.add("s1");
      }
      for (String from : senders) {
        ObjectNode timer = event(tick, "timer");
        timer.put("node", from);
        timer.putObject("timer").put("type", "HeartbeatTimer");
        for (String to : servers) {
          if (!to.equals(from)) {
            ObjectNode f = JSON.createObjectNode();
            f.put("term", from.equals(leader) ? term : 1).put("leaderCommit", tick / 10);
            f.putArray("entries");
            message(tick, from, to, "AppendEntries", f);
            ObjectNode reply = JSON.createObjectNode();
            reply.put("term", term).put("success", true).put("matchIndex", tick / 10);
            if (!blocked(from, to, tick + 3) && !down(to, tick + 3)) {
              message(tick + 5, to, from, "AppendEntriesReply", reply);
            }
          }
        }
      }
      for (int c = 1; c <= 2; c++) {
        if (tick >= busyUntil[c] && random.nextInt(4) == 0) {
          String client = "c" + c;
          opCount[c]++;
          boolean put = random.nextBoolean();
          String value = put ? client + "-" + opCount[c] : null;
          history(tick, client, "invoke", put ? "put" : "get", "k1", value);
          ObjectNode req = JSON.createObjectNode();
          req.put("seq", opCount[c]).put("op", put ? "put" : "get").put("key", "k1");
          message(tick, client, leader, "ClientRequest", req);
          long done = tick + 8 + random.nextInt(30);
          ObjectNode rep = JSON.createObjectNode().put("seq", opCount[c]).put("ok", true);
          message(done - 2, leader, client, "ClientReply", rep);
          String outcome = down(leader, done) ? "info" : random.nextInt(25) == 0 ? "fail" : "ok";
          history(done, client, outcome, put ? "put" : "get", "k1", put ? value : "c1-1");
          busyUntil[c] = done + 5;
        }
      }
    }
    ObjectNode part = event(partitionFrom, "partition");
    ArrayNode links = part.putArray("blocked");
    for (String other : List.of("s2", "s3", "c1", "c2")) {
      links.addObject().put("from", "s1").put("to", other);
      links.addObject().put("from", other).put("to", "s1");
    }
    part.put("description", "isolate s1");
    event(partitionUntil, "partition").put("description", "heal").putArray("blocked");
    event(crashAt, "crash").put("node", "s3");
    event(restartAt, "restart").put("node", "s3").put("hadDurable", true);
    annotate(restartAt, "s3", "role", "follower");
    ObjectNode clock = event(endTick / 2, "clock");
    clock.put("node", "s2").put("offsetTicks", 30).put("driftPpm", 0).put("errorTicks", 10);
    clock.put("withinBound", false);
    event(endTick - 5, "persist").put("node", "s2");
    event(endTick / 3, "network").put("description", "dropRate 0.03");
    events.sort(
        Comparator.<Object[]>comparingLong(e -> (Long) e[0]).thenComparingLong(e -> (Long) e[1]));
    List<String> out = new ArrayList<>();
    long i = 0;
    long lastDeliver = 0;
    for (Object[] e : events) {
      ObjectNode n = (ObjectNode) e[2];
      n.put("i", i);
      if (n.get("kind").asText().equals("deliver") && n.get("tick").asLong() < endTick - 1) {
        lastDeliver = i;
      }
      i++;
    }
    ObjectNode violation = JSON.createObjectNode();
    violation.put("i", i).put("tick", endTick - 1).put("kind", "violation");
    violation.put("property", "ElectionSafety");
    violation.put("message", "two leaders in term 2: s1 and s2");
    violation.put("afterEvent", lastDeliver);
    for (Object[] e : events) {
      out.add(e[2].toString());
    }
    out.add(violation.toString());
    out.add(
        JSON.createObjectNode()
            .put("i", i + 1)
            .put("tick", endTick)
            .put("kind", "end")
            .put("reason", "violation")
            .toString());
    // History lines must follow real-time order: sort by time, keeping each process's order.
    history.sort(Comparator.comparingLong(h -> readTime(h)));
    return out;
  }

  private static long readTime(String json) {
    try {
      return JSON.readTree(json).get("time").asLong();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
