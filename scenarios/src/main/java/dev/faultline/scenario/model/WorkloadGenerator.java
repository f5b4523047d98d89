package dev.faultline.scenario.model;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands a {@link Workload.Generated} into concrete client scripts, from the scenario seed only
 * (label "workload"), so that a file replays identically. Operation i goes to client i mod clients;
 * keys are k1..kN; written values are {@code c<K>-<n>} (client K's n-th write), unique per write as
 * the linearizability checker's explanations assume. A client's operation n is not issued before
 * tick {@code notBefore(n-1) + uniform[1, 2*thinkTicks]}: a steady offered load that keeps going
 * while the cluster is faulty (thinkTicks 0: back to back).
 */
public final class WorkloadGenerator {
  private WorkloadGenerator() {}

  public static List<List<ClientOp>> generate(Workload.Generated w, int clients, long seed) {
    Rng rng = Rng.derived(seed, "workload");
    List<String> fs = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    double total = 0;
    for (Map.Entry<String, Double> e : w.mix().entrySet()) { // sorted: deterministic
      fs.add(e.getKey());
      weights.add(e.getValue());
      total += e.getValue();
    }
    String[] keyNames = new String[Math.max(0, w.keys())]; // one String per key, not per op
    for (int k = 0; k < keyNames.length; k++) {
      keyNames[k] = "k" + (k + 1);
    }
    List<List<ClientOp>> scripts = new ArrayList<>();
    long[] notBefore = new long[clients];
    int[] writes = new int[clients];
    for (int c = 0; c < clients; c++) {
      scripts.add(new ArrayList<>());
    }
    for (int i = 0; i < w.ops(); i++) {
      int c = i % clients;
      double x = rng.nextDouble() * total;
      String f = fs.get(fs.size() - 1);
      for (int j = 0; j < fs.size(); j++) {
        x -= weights.get(j);
        if (x < 0) {
          f = fs.get(j);
          break;
        }
      }
      String key = keyNames[rng.nextInt(w.keys())];
      String value = f.equals("get") ? null : "c" + (c + 1) + "-" + (++writes[c]);
      if (w.thinkTicks() > 0) {
        notBefore[c] += rng.nextLong(1, 2 * w.thinkTicks());
      }
      scripts.get(c).add(new ClientOp(f, key, value, notBefore[c]));
    }
    return scripts;
  }
}
