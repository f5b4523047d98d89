package dev.faultline.protocols.pb;

import dev.faultline.sim.api.BugVariant;
import java.util.Arrays;
import java.util.List;

/**
 * The injected bugs of BUGS.md section D. Each is consulted at the one line where the correct code
 * differs (search for {@code PbBug.Bn}).
 */
public enum PbBug {
  B1(
      "primary executes and replies before the backup acknowledges (forward is fire-and-forget)",
      "BackupHasAckedWrites"),
  B2(
      "fast reads: the primary answers Gets locally, without the backup round trip",
      "Linearizability"),
  B3("backup applies forwarded operations whatever their view number", "BackupHasAckedWrites"),
  B4("state transfer carries the KV map but not the at-most-once table", "Linearizability"),
  B5("view server changes view without the primary's acknowledgement", "NoUnackedViewSkip"),
  B6(
      "backup installs every StateTransfer it receives (stale or repeated snapshots overwrite"
          + " newer writes)",
      "BackupHasAckedWrites"),
  B7(
      "view server treats a restarted server's ping as an ordinary liveness signal",
      "Linearizability"),
  B8("a non-primary executes client requests itself", "Linearizability");

  private final String summary;
  private final String violates;

  PbBug(String summary, String violates) {
    this.summary = summary;
    this.violates = violates;
  }

  public BugVariant variant() {
    return new BugVariant(name(), summary, violates);
  }

  public static List<BugVariant> variants() {
    return Arrays.stream(values()).map(PbBug::variant).toList();
  }

  /** The bug named {@code id} (B1..B8), null for null (the correct protocol). */
  public static PbBug parse(String id) {
    if (id == null) {
      return null;
    }
    for (PbBug b : values()) {
      if (b.name().equals(id)) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "unknown pb variant '" + id + "' (known: " + Arrays.toString(values()) + ")");
  }
}
