package dev.faultline.protocols.vr;

import dev.faultline.protocols.common.VariantIds;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.BugVariant.Hunt;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.VariantSearch;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The injectable VR bugs. Each is consulted at the one line where the correct code differs (search
 * for {@code VrBug.Vn}); {@code violates} names the property a checker flags first on the library
 * scenario. Hunts: swarm fuzzer budgets, about three times the distance to the measured first
 * failing seed (default fuzz shape). V8 and V12 are found at seed 15 (first seed 1), through the
 * state-aware faults VR's swarm hints aim at STARTVIEW and at state transfer ({@link VrSpec}).
 */
public enum VrBug {
  V1(
      "new primary picks the DOVIEWCHANGE log with the largest op number alone",
      "CommittedPrefix",
      Hunt.seeds(18).from(11).reporting("AckedOpsKept")),
  // BFS from boot, c1 puts x, resendTicks=100, max-timer-fires=1: c1's put reaches s1; s2 times
  // out (the one timer) and forms view 1 with s3's DOVIEWCHANGE (empty logs); s1's view-0 PREPARE
  // reaches s3, which V2 lets append it although it voted for view 1; s1 commits on s3's PREPAREOK;
  // s2's STARTVIEW (empty log) reaches s1, whose commit number 1 now exceeds its log.
  V2(
      "backup accepts PREPARE of older views and in view-change status",
      "CommittedPrefix",
      Hunt.seeds(12)
          .withSearch(
              VariantSearch.of(3, Searches.ONE_PUT, 8)
                  .withOptions(Searches.VIEW_TIMEOUT_MAY_FIRE)
                  .withBounds(0, 0, 1)
                  .reporting("CommitWithinLog")
                  .visiting(3_744))),
  // BFS from boot: c1's put reaches s1, which commits it alone and answers; the answer arrives.
  V3(
      "primary commits and replies with f-1 PREPAREOKs",
      "AckedOpsKept",
      Hunt.seeds(3).withSearch(VariantSearch.of(3, Searches.ONE_PUT, 2))),
  V4(
      "recovery completes on any f+1 RECOVERYRESPONSEs, without the latest primary's",
      "AckedOpsKept",
      Hunt.seeds(6)),
  V5(
      "client table not rebuilt from the log a new view installs",
      "ExactlyOnce",
      Hunt.seeds(9).from(6)),
  V6(
      "state transfer into a newer view keeps the uncommitted suffix and appends after it",
      "CommittedPrefix",
      Hunt.seeds(21).from(21)),
  V7(
      "each replica computes primary = view mod N over its own list (itself first)",
      "OnePrimary",
      Hunt.seeds(3)),
  V8(
      "PREPARE/COMMIT of a newer view: truncate to the commit number and adopt the view and"
          + " last-normal-view before NEWSTATE arrives (the paper's state transfer)",
      "CommitWithinLog",
      Hunt.seeds(8).from(13)),
  V9(
      "a delayed STARTVIEW of the current view is applied again in normal status",
      "CommitWithinLog",
      Hunt.seeds(18).from(11).reporting("AckedOpsKept")),
  V10(
      "new primary sets the commit number to the largest op number among the DOVIEWCHANGEs"
          + " instead of the largest commit number",
      "CommitWithinLog",
      Hunt.seeds(12).reporting("AckedOpsKept")),
  V11(
      "durableView: the view is not persisted before STARTVIEWCHANGE is sent",
      "ViewMonotonic",
      Hunt.seeds(18).from(5)),
  V12(
      "a replica starting a state transfer truncates its log at once yet still joins view"
          + " changes",
      "AckedOpsKept",
      Hunt.seeds(8).from(13));

  /** The declared searches' shapes. */
  static final class Searches {
    private Searches() {}

    static final List<List<ClientOp>> ONE_PUT = List.of(List.of(new ClientOp("put", "x", "c1-1")));

    /**
     * The explorer fires a timer only if no other pending timer of the node must fire first; with
     * the default 25-tick re-send a backup's 100-200-tick view timeout never may. A 100-tick
     * re-send lets it.
     */
    static final Map<String, String> VIEW_TIMEOUT_MAY_FIRE = Map.of("resendTicks", "100");
  }

  private final String summary;
  private final String violates;

  /** Seeds within which the swarm fuzzer finds this bug (first failing seed, with a margin). */
  private final Hunt hunt;

  VrBug(String summary, String violates, Hunt hunt) {
    this.summary = summary;
    this.violates = violates;
    this.hunt = hunt;
  }

  public BugVariant variant() {
    return new BugVariant(name(), summary, violates, hunt);
  }

  public static List<BugVariant> variants() {
    return Arrays.stream(values()).map(VrBug::variant).toList();
  }

  /** The bug named {@code id} (V1..V12), null for null or "" (the correct protocol). */
  public static VrBug parse(String id) {
    return VariantIds.parse(VrBug.class, "vr", id);
  }
}
