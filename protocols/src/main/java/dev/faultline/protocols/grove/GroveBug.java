package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.VariantIds;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.BugVariant.Hunt;
import java.util.Arrays;
import java.util.List;

/**
 * The injectable Grove bugs. Each is consulted at the one line where the correct code differs
 * (search for {@code GroveBug.Gn}); {@code violates} names the property a checker flags first on
 * the variant's library scenario.
 */
public enum GroveBug {
  G1(
      "admin sets the primary before the config service activates the epoch",
      "PrimaryOnlyInActiveEpoch",
      Hunt.NONE),
  G2(
      "config service activates a new epoch without waiting for the old leases to expire",
      "NoReadAfterEpochEnded",
      Hunt.NONE),
  G3(
      "config service returns upper + leaseTicks to the replica but stores lower + leaseTicks",
      "NoReadAfterEpochEnded",
      Hunt.NONE),
  G4(
      "reads answer at once, without waiting for the ops they saw to commit",
      "Linearizability",
      Hunt.NONE),
  G5("a sealed backup still accepts ApplyAsBackup", "SealedAcceptsNothing", Hunt.NONE),
  G6("GetState returns the state without sealing the server", "SealedAcceptsNothing", Hunt.NONE),
  G7("SetState installs a snapshot of a lower epoch", "EpochMonotonic", Hunt.NONE),
  G8("SetState leaves the old epoch's lease valid", "LeaseForOwnEpoch", Hunt.NONE),
  G9(
      "config service judges the leases expired by the upper clock bound",
      "NoReadAfterEpochEnded",
      Hunt.NONE),
  G10("replica trusts its lease by the lower clock bound", "NoReadAfterEpochEnded", Hunt.NONE),
  G11(
      "replica trusts its lease while upper <= expiration (off by one at the boundary)",
      "NoReadAfterEpochEnded",
      Hunt.NONE),
  G12(
      "replica installs a lease granted for an epoch it has left (no epoch re-check)",
      "LeaseForOwnEpoch",
      Hunt.NONE),
  G13(
      "config service keeps granting leases while it waits for them to expire",
      "Liveness",
      Hunt.NONE),
  G14(
      "a restarted server may become primary again in its epoch (canBecomePrimary true at boot)",
      "LogsAgree",
      Hunt.NONE),
  G15("the sealed flag is not written to disk", "SealedAcceptsNothing", Hunt.NONE),
  G16(
      "primary commits once a majority of the epoch's servers hold an op, not all of them",
      "CommittedOnEveryReplica",
      Hunt.NONE);

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
