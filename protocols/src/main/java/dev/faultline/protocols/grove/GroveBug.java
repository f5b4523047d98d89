package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.VariantIds;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.BugVariant.Hunt;
import java.util.Arrays;
import java.util.List;

/**
 * The injectable Grove bugs. Each is consulted at the one line where the correct code differs
 * (search for {@code GroveBug.Gn}); {@code violates} names the property a checker flags first on
 * the variant's library scenario. Hunts: swarm budgets around the first failing seed of the default
 * fuzz shape (3 servers), measured 2026-12-07 with the lease-edge episodes, the config service's
 * own wait for the old leases and {@code stateFrom=rotate} (see GroveSwarm). The lease variants G3,
 * G9, G10 and G11 also declare one breadth-first search each on the small model of {@link
 * GroveSearches} (with clock steps and clock choices); they are costly (minutes on a loaded
 * machine, with the correct twin), so the contract suite runs them with {@code
 * -Dfl.contract.bfs=all}. G11's needs two clock choices, so a stage places the two clocks first
 * ({@link GroveSearches#leaseBoundary}). The swarm finds G11 too, since the config service
 * activates the new epoch itself the moment its lower bound reaches the last expiration; its
 * library scenario places the activation and a read in the very tick the lease ends.
 */
public enum GroveBug {
  G1(
      "admin sets the primary before the config service activates the epoch",
      "PrimaryOnlyInActiveEpoch",
      Hunt.seeds(3)),
  G2(
      "config service activates a new epoch without waiting for the old leases to expire",
      "NoReadAfterEpochEnded",
      Hunt.seeds(3)),
  G3(
      "config service returns upper + leaseTicks to the replica but stores lower + leaseTicks",
      "NoReadAfterEpochEnded",
      Hunt.seeds(6)
          .withSearch(GroveSearches.leaseRead(1, 1, 5, 15).visiting(300_836).markedCostly())),
  G4(
      "reads answer at once, without waiting for the ops they saw to commit",
      "Linearizability",
      Hunt.seeds(4).from(30)),
  G5("a sealed backup still accepts ApplyAsBackup", "SealedAcceptsNothing", Hunt.seeds(4).from(11)),
  G6(
      "GetState returns the state without sealing the server",
      "SealedAcceptsNothing",
      Hunt.seeds(3)),
  G7("SetState installs a snapshot of a lower epoch", "EpochMonotonic", Hunt.seeds(3).from(12)),
  G8("SetState leaves the old epoch's lease valid", "LeaseForOwnEpoch", Hunt.seeds(3)),
  G9(
      "config service judges the leases expired by the upper clock bound",
      "NoReadAfterEpochEnded",
      Hunt.seeds(8)
          .withSearch(GroveSearches.leaseRead(0, 1, 5, 14).visiting(82_076).markedCostly())),
  G10(
      "replica trusts its lease by the lower clock bound",
      "NoReadAfterEpochEnded",
      Hunt.seeds(6)
          .withSearch(GroveSearches.leaseRead(1, 1, 5, 15).visiting(301_014).markedCostly())),
  G11(
      "replica trusts its lease while upper <= expiration (off by one at the boundary)",
      "NoReadAfterEpochEnded",
      Hunt.seeds(4)
          .from(44)
          .withSearch(GroveSearches.leaseBoundary(5, 14).visiting(26_317).markedCostly())),
  G12(
      "replica installs a lease granted for an epoch it has left (no epoch re-check)",
      "LeaseForOwnEpoch",
      Hunt.seeds(3)),
  G13(
      "config service keeps granting leases while it waits for them to expire",
      "Liveness",
      Hunt.seeds(3)),
  G14(
      "a restarted server may become primary again in its epoch (canBecomePrimary true at boot)",
      "LogsAgree",
      Hunt.seeds(3)),
  G15("the sealed flag is not written to disk", "SealedAcceptsNothing", Hunt.seeds(4).from(165)),
  G16(
      "primary commits once a majority of the epoch's servers hold an op, not all of them",
      "CommittedOnEveryReplica",
      Hunt.seeds(3));

  private final String summary;
  private final String violates;

  /** Seeds within which the swarm fuzzer finds this bug (first failing seed, with a margin). */
  private final Hunt hunt;

  GroveBug(String summary, String violates, Hunt hunt) {
    this.summary = summary;
    this.violates = violates;
    this.hunt = hunt;
  }

  public BugVariant variant() {
    return new BugVariant(name(), summary, violates, hunt);
  }

  public static List<BugVariant> variants() {
    return Arrays.stream(values()).map(GroveBug::variant).toList();
  }

  /** The bug named {@code id} (G1..G16), null for null or "" (the correct protocol). */
  public static GroveBug parse(String id) {
    return VariantIds.parse(GroveBug.class, "grove", id);
  }
}
