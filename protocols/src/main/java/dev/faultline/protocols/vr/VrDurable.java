package dev.faultline.protocols.vr;

import com.google.common.collect.ImmutableList;
import dev.faultline.sim.api.Durable;

/** What a VR replica keeps on disk, in either model. */
public sealed interface VrDurable extends Durable {
  /** The boot count: a replica that reads one back knows it restarted. */
  long incarnation();

  /**
   * The paper's model (durability from f+1 memories): only the boot count, so a restart is told
   * from a first boot and runs the recovery protocol with a nonce that no earlier life used.
   */
  record Boot(long incarnation) implements VrDurable {}

  /**
   * The {@code durableView} option (as TigerBeetle does): view, last normal view, log and commit
   * number, written before any message that promises them. {@code announcedView} is a ghost for the
   * invariants, never read by the protocol: the view the replica had announced when it wrote this
   * record (equal to {@code view} unless the write of the view was skipped).
   */
  record Saved(
      long incarnation,
      long view,
      long lastNormalView,
      ImmutableList<VrOp> log,
      long commit,
      long announcedView)
      implements VrDurable {}
}
