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
      // BFS from boot, 2 data servers and the view server, c1 puts x, max-timer-repeats=1,
      // max-in-flight-per-link=1, max-timer-fires=5: 17 steps, booting the view service to a ready
      // view, then c1's put acknowledged by the primary (fetch the view, request, reply) while the
      // backup lacks the write. Costly: 13 s, and 11 s for the correct protocol (456,252
      // states), on a loaded 2-core machine. 385,891 states (was 384,211) since the view server
      // declares deaths only at its check (measured by faultline zoo, 2026-12-07).
      Hunt.seeds(10)
          .withSearch(
              VariantSearch.of(2, List.of(List.of(new ClientOp("put", "x", "c1-1"))), 17)
                  .withBounds(1, 1, 5)
                  .visiting(385_891)
                  .markedCostly())),
  B2(
      "fast reads: the primary answers Gets locally, without the backup round trip",
      "Linearizability",
      Hunt.seeds(400).from(400_001)),
  B3(
      "backup applies forwarded operations whatever their view number",
      "BackupHasAckedWrites",
      Hunt.seeds(30)),
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
