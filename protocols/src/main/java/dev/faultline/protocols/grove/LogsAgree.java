package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.List;

/**
 * Replicas of one epoch agree on their common prefix ({@link GroveInvariants#logsAgree}), checked
 * with work proportional to what changed since the last check rather than to the logs' length.
 *
 * <p>Holding at the last check means the logs of each epoch formed a chain under the prefix order.
 * A replica's log changes in place only by appends (a backup's ApplyAsBackup, the primary's write);
 * SetState, a restart and a crash (its disk's copy is read instead) put a different list in its
 * place. So per server it remembers the list, epoch and length it had at the last check: a server
 * showing the same list in the same epoch, no shorter, still holds the same entries below that
 * length, and two such servers of one epoch agreed there. Each log of an epoch is then compared
 * with the epoch's longest only from the lower of the two remembered lengths: the entries appended
 * since, or the whole log when it is new (a different list or epoch, a server not seen last time).
 * After a violation, the next check compares whole logs, so the memory starts again from a state
 * that holds.
 *
 * <p>When a disagreement is found, the full scan words it, so the message is the full scan's; the
 * differential test in the scenarios module compares verdicts and messages with a full-scan copy on
 * fuzzed runs of every variant. Under the explorer every state arrives with copied lists, so each
 * check there compares whole logs: the full scan's cost, never a stale answer.
 */
final class LogsAgree implements Invariant {
  private final ReplicaReader servers;

  /** Per server (by position): what the last check saw; a null list: nothing remembered. */
  private final List<?>[] seenLog;

  private final long[] seenEpoch;
  private final int[] seenSize;
  private boolean heldLastTime;

  LogsAgree(List<NodeId> servers) {
    this(new ReplicaReader(servers));
  }

  /** Reading the servers through {@code servers}, which other invariants of the run may share. */
  LogsAgree(ReplicaReader servers) {
    this.servers = servers;
    this.seenLog = new List<?>[servers.size()];
    this.seenEpoch = new long[servers.size()];
    this.seenSize = new int[servers.size()];
  }

  @Override
  public String name() {
    return "LogsAgree";
  }

  @Override
  public String check(SystemView view) {
    int n = servers.size();
    ReplicaView[] rs = new ReplicaView[n];
    int[] from = new int[n];
    for (int k = 0; k < n; k++) {
      rs[k] = servers.read(view, k);
      from[k] = unchangedBelow(k, rs[k]);
    }
    boolean agree = true;
    for (int k = 0; k < n && agree; k++) {
      int m = longestOfEpoch(rs, k);
      if (m != k) {
        agree = samePrefix(rs[k].log(), rs[m].log(), Math.min(from[k], from[m]));
      }
    }
    for (int k = 0; k < n; k++) {
      remember(k, rs[k]);
    }
    heldLastTime = agree;
    if (agree) {
      return null;
    }
    List<ReplicaView> present = new ArrayList<>(n);
    for (ReplicaView r : rs) {
      if (r != null) {
        present.add(r);
      }
    }
    String broken = GroveInvariants.logsAgree(present);
    return broken != null
        ? broken
        : "the incremental check found logs that disagree; the full scan"
            + " found none (a bug in LogsAgree)";
  }

  /** How many leading entries of {@code r}'s log are unchanged since the last check. */
  private int unchangedBelow(int k, ReplicaView r) {
    if (r == null
        || !heldLastTime
        || r.log() != seenLog[k]
        || r.epoch() != seenEpoch[k]
        || r.log().size() < seenSize[k]) {
      return 0;
    }
    return seenSize[k];
  }

  private void remember(int k, ReplicaView r) {
    seenLog[k] = r == null ? null : r.log();
    seenEpoch[k] = r == null ? 0 : r.epoch();
    seenSize[k] = r == null ? 0 : r.log().size();
  }

  /**
   * The position of the longest log in the epoch of {@code rs[k]} (the first of equals, so every
   * server of the epoch is compared with the same one), or {@code k} if it is absent.
   */
  private static int longestOfEpoch(ReplicaView[] rs, int k) {
    if (rs[k] == null) {
      return k;
    }
    int best = -1;
    for (int j = 0; j < rs.length; j++) {
      if (rs[j] != null
          && rs[j].epoch() == rs[k].epoch()
          && (best < 0 || rs[j].log().size() > rs[best].log().size())) {
        best = j;
      }
    }
    return best;
  }

  /** Whether {@code log} matches {@code longer} at every index from {@code from} on. */
  private static boolean samePrefix(List<KvRequest> log, List<KvRequest> longer, int from) {
    for (int i = from; i < log.size(); i++) {
      if (!log.get(i).equals(longer.get(i))) {
        return false;
      }
    }
    return true;
  }
}
