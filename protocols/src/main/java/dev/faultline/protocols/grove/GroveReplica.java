package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.protocols.grove.GroveMessage.Apply;
import dev.faultline.protocols.grove.GroveMessage.ApplyAsBackup;
import dev.faultline.protocols.grove.GroveMessage.BackupReply;
import dev.faultline.protocols.grove.GroveMessage.BecomePrimary;
import dev.faultline.protocols.grove.GroveMessage.BecomePrimaryReply;
import dev.faultline.protocols.grove.GroveMessage.ClientReply;
import dev.faultline.protocols.grove.GroveMessage.CommitIndex;
import dev.faultline.protocols.grove.GroveMessage.GetLease;
import dev.faultline.protocols.grove.GroveMessage.GetState;
import dev.faultline.protocols.grove.GroveMessage.LeaseReply;
import dev.faultline.protocols.grove.GroveMessage.Probe;
import dev.faultline.protocols.grove.GroveMessage.ProbeReply;
import dev.faultline.protocols.grove.GroveMessage.Read;
import dev.faultline.protocols.grove.GroveMessage.SetState;
import dev.faultline.protocols.grove.GroveMessage.SetStateReply;
import dev.faultline.protocols.grove.GroveMessage.StateReply;
import dev.faultline.protocols.grove.ReplicaState.PendingRead;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.ArrayList;

/**
 * A Grove replica (vRSM's server): in its epoch it is the primary (the first server of the epoch's
 * configuration, once the admin says BecomePrimary) or a backup. Writes go through {@link
 * PrimaryPath}; reads are served by any replica under a lease that is valid even by the upper clock
 * bound, once every op the read saw is committed; GetState seals, SetState enters a new epoch.
 */
public final class GroveReplica implements Protocol<ReplicaState, GroveMessage, GroveTimer> {
  static final String EPOCH = "epoch";

  /** Annotated when GetState seals this server (the fuzzer reboots servers right after it). */
  static final String SEALED = "sealed";

  private final GroveConfig config;
  private final GroveBug bug;
  private final NodeId configService;
  private final PrimaryPath primary;

  public GroveReplica(GroveConfig config, NodeId configService) {
    this.config = config;
    this.bug = config.bug();
    this.configService = configService;
    this.primary = new PrimaryPath(config, this);
  }

  @Override
  public ReplicaState init(NodeId self, Durable durable, Effects<GroveMessage, GroveTimer> out) {
    ReplicaState s =
        durable instanceof ReplicaDurable d ? ReplicaState.restore(d) : new ReplicaState();
    if (bug == GroveBug.G14) {
      s.canBecomePrimary = s.epoch > 0; // G14: a restarted server may become primary again
    }
    out.annotate(Annotations.ROLE, s.epoch == 0 ? Roles.IDLE : Roles.BACKUP + " (restarted)");
    out.setTimer(new GroveTimer.RenewLease(), 0, config.renewTicks());
    if (durable == null && config.bootEpoch() && config.initial().contains(self)) {
      bootInFirstEpoch(s, self, out);
    }
    return s;
  }

  /**
   * {@code bootEpoch}: a server of the first configuration starts in epoch 1 with an empty state
   * (on disk at once, so a restart comes back as a backup), and its first server as the primary, as
   * if the admin's initial setup had just run.
   */
  private void bootInFirstEpoch(
      ReplicaState s, NodeId self, Effects<GroveMessage, GroveTimer> out) {
    s.epoch = 1;
    s.servers = config.initial();
    s.ghostMaxEpoch = 1;
    persist(s, out);
    out.annotate(EPOCH, "1");
    if (config.initial().get(0).equals(self)) {
      primary.become(s, out);
    } else {
      out.annotate(Annotations.ROLE, Roles.BACKUP + " (state of epoch 1)");
    }
  }

  @Override
  public void onMessage(
      ReplicaState s, NodeId from, GroveMessage m, Effects<GroveMessage, GroveTimer> out) {
    if (!(m instanceof GroveMessage.ToReplica toReplica)) {
      return;
    }
    switch (toReplica) {
      case Apply a -> primary.onApply(s, from, a.request(), out);
      case Read r -> onRead(s, from, r.request(), out);
      case ApplyAsBackup a -> onApplyAsBackup(s, from, a, out);
      case BackupReply r -> primary.onBackupReply(s, from, r, out);
      case CommitIndex c -> {
        if (c.epoch() == s.epoch) {
          raiseCommitted(s, c.committed(), out);
        }
      }
      case GetState g -> onGetState(s, from, g, out);
      case SetState st -> onSetState(s, from, st, out);
      case BecomePrimary b -> onBecomePrimary(s, from, b, out);
      case Probe p ->
          out.send(from, new ProbeReply(p.round(), s.epoch, s.isPrimary, primary.stalled(s, out)));
      case LeaseReply l -> onLease(s, l);
    }
  }

  @Override
  public void onTimer(ReplicaState s, GroveTimer t, Effects<GroveMessage, GroveTimer> out) {
    switch (t) {
      case GroveTimer.RenewLease r -> {
        if (s.epoch > 0) {
          out.send(configService, new GetLease(s.epoch));
        }
        out.setTimer(r, config.renewTicks());
      }
      case GroveTimer.PrimaryTick p -> primary.onTick(s, out);
      default -> {}
    }
  }

  // ------------------------------------------------------------------ reads and leases

  private void onRead(
      ReplicaState s, NodeId client, KvRequest r, Effects<GroveMessage, GroveTimer> out) {
    if (!s.leaseValid || !leaseHolds(s.leaseExpirationTicks, out.clock())) {
      refuse(s, client, r.seq(), "no valid lease", out);
      return;
    }
    s.ghostLeaseReads++;
    s.ghostLastLeaseReadEpoch = s.leaseEpoch;
    PendingRead read = new PendingRead(client, r.seq(), s.kv.get(r.key()), s.log.size());
    if (bug == GroveBug.G4 || s.committed >= read.waitIndex()) {
      out.send(client, new ClientReply(r.seq(), true, read.output(), "", null)); // G4: no wait
      return;
    }
    s.pendingReads.add(read); // every op the read saw must be on every replica first
  }

  /** The holder's test: the lease still runs even at the latest time the clock allows. */
  private boolean leaseHolds(long expirationTicks, ClockReading c) {
    if (bug == GroveBug.G10) {
      return c.lowerTicks() < expirationTicks; // G10: trusts the lease by the lower bound
    }
    if (bug == GroveBug.G11) {
      return c.upperTicks() <= expirationTicks; // G11: still valid at the expiration itself
    }
    return c.upperTicks() < expirationTicks;
  }

  private void onLease(ReplicaState s, LeaseReply l) {
    if (!l.granted()) {
      return;
    }
    if (l.epoch() != s.epoch && bug != GroveBug.G12) {
      return; // granted for an epoch this server has left (G12: installed anyway)
    }
    s.leaseValid = true;
    s.leaseEpoch = l.epoch();
    s.leaseExpirationTicks = l.expirationTicks();
  }

  /** Raises the commit index (never past the local log) and answers reads that waited for it. */
  void raiseCommitted(ReplicaState s, long committed, Effects<GroveMessage, GroveTimer> out) {
    long c = Math.min(committed, s.log.size());
    if (c <= s.committed) {
      return;
    }
    s.committed = c;
    ArrayList<PendingRead> waiting = new ArrayList<>();
    for (PendingRead r : s.pendingReads) {
      if (r.waitIndex() <= s.committed) {
        out.send(r.client(), new ClientReply(r.seq(), true, r.output(), "", null));
      } else {
        waiting.add(r);
      }
    }
    s.pendingReads = waiting;
  }

  // ------------------------------------------------------------------ backup

  private void onApplyAsBackup(
      ReplicaState s, NodeId from, ApplyAsBackup a, Effects<GroveMessage, GroveTimer> out) {
    if (s.sealed && bug != GroveBug.G5) {
      out.send(from, new BackupReply(a.epoch(), false, s.log.size())); // G5: sealed accepts
      return;
    }
    if (a.epoch() < s.epoch) {
      out.send(from, new BackupReply(a.epoch(), false, s.log.size()));
      return;
    }
    if (a.epoch() > s.epoch) {
      return; // not in that epoch yet: the admin's SetState comes first
    }
    if (a.index() == s.log.size()) {
      a.op().executeOnce(s.sessions, s.kv);
      s.log.add(a.op());
      persist(s, out);
    }
    out.send(from, new BackupReply(a.epoch(), true, s.log.size()));
    raiseCommitted(s, a.committed(), out);
  }

  // ------------------------------------------------------------------ reconfiguration

  private void onGetState(
      ReplicaState s, NodeId admin, GetState g, Effects<GroveMessage, GroveTimer> out) {
    if (g.epoch() <= s.epoch) {
      // Already in that epoch (or a newer one): not an old server of this reconfiguration.
      out.send(admin, new StateReply(g.epoch(), false, null));
      return;
    }
    if (bug != GroveBug.G6) {
      s.sealed = true; // G6: the state is taken but the server keeps accepting
    }
    s.ghostSealedEpoch = s.epoch;
    s.ghostSealedIndex = s.log.size();
    persist(s, out);
    out.annotate(SEALED, "for epoch " + g.epoch() + " at index " + s.log.size());
    out.send(admin, new StateReply(g.epoch(), true, s.snapshot()));
  }

  private void onSetState(
      ReplicaState s, NodeId admin, SetState st, Effects<GroveMessage, GroveTimer> out) {
    if (st.epoch() < s.epoch && bug != GroveBug.G7) {
      out.send(admin, new SetStateReply(st.epoch(), false)); // G7: a lower epoch installs
      return;
    }
    if (st.epoch() == s.epoch) {
      out.send(admin, new SetStateReply(st.epoch(), true)); // a retry: already installed
      return;
    }
    primary.stepDown(s, "entered epoch " + st.epoch(), out);
    refusePendingReads(s, out);
    s.epoch = st.epoch();
    s.servers = st.servers();
    s.sealed = false;
    Snapshot snap = st.state();
    s.log = new ArrayList<>(snap.log());
    s.kv = KvStore.fromSnapshot(snap.kv());
    s.sessions = SessionTable.fromSnapshot(snap.sessions());
    s.committed = Math.min(snap.committed(), s.log.size());
    s.canBecomePrimary = true;
    if (bug != GroveBug.G8) {
      s.leaseValid = false; // G8: the old epoch's lease stays valid
    }
    s.ghostSealedEpoch = -1;
    s.ghostMaxEpoch = Math.max(s.ghostMaxEpoch, s.epoch);
    persist(s, out);
    out.annotate(EPOCH, Long.toString(s.epoch));
    out.annotate(Annotations.ROLE, Roles.BACKUP + " (state of epoch " + s.epoch + ")");
    out.send(admin, new SetStateReply(st.epoch(), true));
  }

  private void onBecomePrimary(
      ReplicaState s, NodeId admin, BecomePrimary b, Effects<GroveMessage, GroveTimer> out) {
    if (b.epoch() != s.epoch || !s.canBecomePrimary || s.sealed) {
      out.send(admin, new BecomePrimaryReply(b.epoch(), false));
      return;
    }
    primary.become(s, out);
    out.send(admin, new BecomePrimaryReply(b.epoch(), true));
  }

  // ------------------------------------------------------------------ helpers

  void persist(ReplicaState s, Effects<GroveMessage, GroveTimer> out) {
    out.persist(s.durable(bug != GroveBug.G15)); // G15: the sealed flag never reaches the disk
  }

  void refuse(
      ReplicaState s,
      NodeId client,
      long seq,
      String reason,
      Effects<GroveMessage, GroveTimer> out) {
    NodeId hint =
        s.servers.isEmpty() || s.servers.get(0).equals(out.self()) ? null : s.servers.get(0);
    out.send(client, new ClientReply(seq, false, "", reason, hint));
  }

  private void refusePendingReads(ReplicaState s, Effects<GroveMessage, GroveTimer> out) {
    for (PendingRead r : s.pendingReads) {
      refuse(s, r.client(), r.seq(), "epoch changed while the read waited", out);
    }
    s.pendingReads = new ArrayList<>();
  }
}
