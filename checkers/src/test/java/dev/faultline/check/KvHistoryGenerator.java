package dev.faultline.check;

import dev.faultline.sim.api.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Generates kv histories that are linearizable by construction: every operation gets an interval
 * [invoke, complete] and a random linearization point strictly inside it; applying the effective
 * operations in linearization-point order fixes what every get returns. Mutations then break a
 * history in ways that are impossible under any linearization (values are unique tokens).
 */
final class KvHistoryGenerator {

  /** One generated operation (event indices into {@code events}). */
  static final class GenOp {
    int process;
    String f;
    String key;
    String value; // put/append argument, or what a get returned
    long invokeTime;
    long completeTime;
    long lpTime;
    String completion; // ok, fail, info, or null (never completed)
    boolean effective; // took effect at lpTime
    int invokeIndex = -1;
    int completeIndex = -1;
  }

  record Generated(List<HistoryEvent> events, List<GenOp> ops) {}

  record Config(
      int ops,
      int processes,
      int keys,
      double getRate,
      double putRate,
      double infoRate,
      double failRate,
      int durationMax) {
    static Config appendsOnly(int ops, int processes, int keys) {
      return new Config(ops, processes, keys, 0.35, 0.0, 0.0, 0.0, 40);
    }
  }

  private KvHistoryGenerator() {}

  static Generated linearizable(long seed, Config c) {
    SplittableRandom rnd = new SplittableRandom(seed);
    // (free time, slot): each slot is one concurrent client; a retired process gets a new id.
    PriorityQueue<long[]> slots =
        new PriorityQueue<>(
            Comparator.<long[]>comparingLong(s -> s[0]).thenComparingLong(s -> s[1]));
    int[] processOfSlot = new int[c.processes()];
    int nextProcess = 0;
    for (int s = 0; s < c.processes(); s++) {
      slots.add(new long[] {rnd.nextInt(10), s});
      processOfSlot[s] = nextProcess++;
    }
    int[] seq = new int[c.ops() + c.processes()];
    List<GenOp> ops = new ArrayList<>(c.ops());
    for (int i = 0; i < c.ops(); i++) {
      long[] slot = slots.poll();
      int s = (int) slot[1];
      GenOp op = new GenOp();
      op.process = processOfSlot[s];
      op.key = "k" + rnd.nextInt(c.keys());
      double r = rnd.nextDouble();
      op.f = r < c.getRate() ? "get" : r < c.getRate() + c.putRate() ? "put" : "append";
      if (!op.f.equals("get")) {
        op.value = "c" + op.process + "-" + (seq[op.process]++) + ";";
      }
      long inv = slot[0] + rnd.nextInt(4);
      long dur = 1 + rnd.nextInt(c.durationMax());
      op.invokeTime = inv * 4;
      op.completeTime = (inv + dur) * 4;
      op.lpTime = op.invokeTime + 1 + rnd.nextLong(op.completeTime - op.invokeTime - 1);
      double outcome = rnd.nextDouble();
      if (outcome < c.infoRate()) {
        op.completion = rnd.nextBoolean() ? "info" : null;
        op.effective = !op.f.equals("get") && rnd.nextBoolean();
        processOfSlot[s] = nextProcess++; // Jepsen retires a process after an indeterminate op
      } else if (outcome < c.infoRate() + c.failRate() && !op.f.equals("get")) {
        op.completion = "fail";
        op.effective = false;
      } else {
        op.completion = "ok";
        op.effective = true;
      }
      ops.add(op);
      slot[0] = inv + dur;
      slots.add(slot);
    }
    // Apply effective operations in linearization-point order.
    List<GenOp> byLp = new ArrayList<>(ops);
    byLp.sort(Comparator.comparingLong(o -> o.lpTime));
    Map<String, StringBuilder> state = new HashMap<>();
    for (GenOp op : byLp) {
      if (!op.effective) {
        continue;
      }
      StringBuilder v = state.computeIfAbsent(op.key, k -> new StringBuilder());
      switch (op.f) {
        case "get" -> op.value = v.toString();
        case "put" -> v.setLength(0);
        default -> {}
      }
      if (!op.f.equals("get")) {
        v.append(op.value);
      }
    }
    return new Generated(events(ops), ops);
  }

  /** Events in time order; at equal times completions come first (a process's next invoke). */
  static List<HistoryEvent> events(List<GenOp> ops) {
    List<long[]> order = new ArrayList<>(); // time, kind (0 completion, 1 invoke), op
    for (int i = 0; i < ops.size(); i++) {
      GenOp op = ops.get(i);
      order.add(new long[] {op.invokeTime, 1, i});
      if (op.completion != null) {
        order.add(new long[] {op.completeTime, 0, i});
      }
    }
    order.sort(
        Comparator.<long[]>comparingLong(e -> e[0])
            .thenComparingLong(e -> e[1])
            .thenComparingLong(e -> e[2]));
    List<HistoryEvent> events = new ArrayList<>(order.size());
    for (long[] e : order) {
      GenOp op = ops.get((int) e[2]);
      if (e[1] == 1) {
        op.invokeIndex = events.size();
        events.add(
            HistoryEvent.invoke(op.process, op.f, op.key, op.f.equals("get") ? null : op.value));
      } else {
        op.completeIndex = events.size();
        HistoryEvent.Type type =
            switch (op.completion) {
              case "ok" -> HistoryEvent.Type.OK;
              case "fail" -> HistoryEvent.Type.FAIL;
              default -> HistoryEvent.Type.INFO;
            };
        String value = op.f.equals("get") && !op.completion.equals("ok") ? null : op.value;
        events.add(HistoryEvent.complete(op.process, type, op.f, op.key, value));
      }
    }
    return events;
  }

  static List<String> tokens(String value) {
    List<String> out = new ArrayList<>();
    for (String t : value.split(";")) {
      if (!t.isEmpty()) {
        out.add(t + ";");
      }
    }
    return out;
  }
}
