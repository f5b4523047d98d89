package dev.faultline.check.run;

import dev.faultline.sim.api.ClientOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed workloads {@code faultline explore} uses: every client works on one key "x" so that
 * operations interfere; client cK's n-th operation is a put of {@code cK-n} when n is odd and a get
 * when n is even (a write, then a read that must see it). Small on purpose: each operation
 * multiplies the state space.
 */
public final class ExploreWorkloads {
  private ExploreWorkloads() {}

  public static List<List<ClientOp>> of(int clients, int opsPerClient) {
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int k = 1; k <= clients; k++) {
      List<ClientOp> ops = new ArrayList<>();
      for (int n = 1; n <= opsPerClient; n++) {
        ops.add(
            n % 2 == 1
                ? new ClientOp("put", "x", "c" + k + "-" + n)
                : new ClientOp("get", "x", null));
      }
      workload.add(ops);
    }
    return workload;
  }
}
