package dev.faultline.protocols.pb;

import dev.faultline.protocols.common.VariantIds;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.BugVariant.Hunt;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.VariantSearch;
import java.util.Arrays;
import java.util.List;

/**
 * The injected primary/backup bugs (catalogue: docs/protocols/pb.md). Each is consulted at the one
 * line where the correct code differs (search for {@code PbBug.Bn}).
 */
public enum PbBug {
  // Fuzz budgets: the first failing seed of the declared range (measured 2026-12-07, once the view
  // server declared deaths only at its check and the swarm drew pb's limit-making fault kinds on
  // fewer seeds: B1 1, B2 400253, B3 18, B4 1, B5 1, B6 3, B7 19, B8 117), with a margin. B2
  // hunts in the range of the five measured ranges (first seeds 1, 100001, ... 400001) where it
  // was found soonest (its median was 1540); under B4 the lost at-most-once table first shows as
  // a backup missing acknowledged writes.
  B1(
      "primary executes and replies before the backup acknowledges (forward is fire-and-forget)",
      "BackupHasAckedWrites",
      // Staged BFS, 2 data servers and the view server, c1 puts x, full model: the first ready
      // view (12 steps by BFS with no clients), then 5 steps: c1 fetches the view (GetView,
      // ViewReply), issues its put at the primary s2, which replies at once; the ack reaching c1
      // while backup s1 lacks the write is the violation. (One BFS from boot needs 17 steps under
      // max-timer-repeats=1, max-in-flight-per-link=1, max-timer-fires=5: 385,891 states.)
      Hunt.seeds(10)
          .withSearch(
              VariantSearch.of(2, Searches.ONE_PUT, 5)
                  .from(PbGoals.READY_VIEW, PbGoals::ready)
                  .visiting(624))),
  B2(
      "fast reads: the primary answers Gets locally, without the backup round trip",
      "Linearizability",
      // Staged BFS, 2 data servers, c1 gets x, c2 puts x, no fault: the first ready view v2 =
      // (s2, s1) (12 steps, no clients), then the first state where a client holds a view the view
      // server has moved past while its primary still serves it (7 steps: c1 caches v2 while s2's
      // pings go undelivered through three checks, so v3 = (s1, -)), then 12 steps: s1 and c2
      // learn v3, c2's put completes at s1, c1's get is answered "" by s2 from its own state.
      // max-timer-repeats=1, max-in-flight-per-link=2. Costly: 508,222 states (188 s on a loaded
      // machine, 2026-12-07).
      Hunt.seeds(400)
          .from(400_001)
          .withSearch(
              Searches.throughAStaleClientView(Searches.GET_RACING_PUT, 12)
                  .withBounds(1, 2, 0)
                  .visiting(508_222)
                  .markedCostly())),
  B3(
      "backup applies forwarded operations whatever their view number",
      "BackupHasAckedWrites",
      // Staged BFS, 2 data servers, c1 puts x, no fault, B2's two named states (ready view v2 =
      // (s2, s1), 12 steps; c1 holds v2 after the view server moved to v3 = (s1, -), 7 steps),
      // then 19 steps: c1's put reaches s2, which forwards it in v2; s1 acknowledges v3, s2 pings
      // again and becomes the backup of v4 = (s1, s2); s1 sends s2 the snapshot without the write;
      // the v2 forward reaches s1, which applies it with no view check and answers; s2 acks c1,
      // then installs the snapshot that lacks the acknowledged write. max-timer-repeats=1,
      // max-in-flight-per-link=2, max-timer-fires=5. Costly: 719,365 states (425 s on a loaded
      // machine, 2026-12-07).
      Hunt.seeds(30)
          .withSearch(
              Searches.throughAStaleClientView(Searches.ONE_PUT, 19)
                  .withBounds(1, 2, 5)
                  .visiting(719_365)
                  .markedCostly())),
  B4(
      "state transfer carries the KV map but not the at-most-once table",
      "Linearizability",
      Hunt.seeds(10).reporting("BackupHasAckedWrites")),
  B5(
      "view server changes view without the primary's acknowledgement",
      "NoUnackedViewSkip",
      Hunt.seeds(10)),
  B6(
      "backup installs every StateTransfer it receives (stale or repeated snapshots overwrite"
          + " newer writes)",
      "BackupHasAckedWrites",
      Hunt.seeds(20)),
  B7(
      "view server treats a restarted server's ping as an ordinary liveness signal",
      "Linearizability",
      Hunt.seeds(50)),
  B8("a non-primary executes client requests itself", "Linearizability", Hunt.seeds(160));

  /** The declared searches' workloads. */
  private static final class Searches {
    static final List<List<ClientOp>> ONE_PUT = List.of(List.of(new ClientOp("put", "x", "c1-1")));

    /**
     * c1 reads x, c2 writes it: a read invoked after the write completed that returns "" is stale.
     */
    static final List<List<ClientOp>> GET_RACING_PUT =
        List.of(List.of(new ClientOp("get", "x", null)), List.of(new ClientOp("put", "x", "c2-1")));

    /**
     * 2 data servers and the view server: BFS to the first ready view, then to the first stale
     * client view, then {@code steps} more.
     */
    static VariantSearch throughAStaleClientView(List<List<ClientOp>> workload, int steps) {
      return VariantSearch.of(2, workload, steps)
          .from(PbGoals.READY_VIEW, PbGoals::ready)
          .from(PbGoals.STALE_CLIENT_VIEW, PbGoals::staleClientView);
    }
  }

  private final String summary;
  private final String violates;

  /** Seeds within which the swarm fuzzer finds this bug (first failing seed, with a margin). */
  private final Hunt hunt;

  PbBug(String summary, String violates, Hunt hunt) {
    this.summary = summary;
    this.violates = violates;
    this.hunt = hunt;
  }

  public BugVariant variant() {
    return new BugVariant(name(), summary, violates, hunt);
  }

  public static List<BugVariant> variants() {
    return Arrays.stream(values()).map(PbBug::variant).toList();
  }

  /** The bug named {@code id} (B1..B8), null for null or "" (the correct protocol). */
  public static PbBug parse(String id) {
    return VariantIds.parse(PbBug.class, "pb", id);
  }
}
