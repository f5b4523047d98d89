package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.grove.GroveMessage.ApplyAsBackup;
import dev.faultline.protocols.grove.GroveMessage.BackupReply;
import dev.faultline.protocols.grove.GroveMessage.ClientReply;
import dev.faultline.protocols.grove.GroveMessage.CommitIndex;
import dev.faultline.protocols.grove.ReplicaState.Waiter;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The primary's write path: apply the op locally, send ApplyAsBackup to every backup of the epoch,
 * commit once every backup holds it (then write the state to disk and answer the client); step down
 * when a backup says it is sealed or in a newer epoch. Resends and commit-index pushes run on the
 * primary's tick.
 */
final class PrimaryPath {
  /** Ops resent per backup per tick, from the first one it lacks. */
  private static final int RESEND_WINDOW = 4;

  private final GroveConfig config;
  private final GroveBug bug;
  private final GroveReplica replica;

  PrimaryPath(GroveConfig config, GroveReplica replica) {
    this.config = config;
    this.bug = config.bug();
    this.replica = replica;
  }

  void become(ReplicaState s, Effects<GroveMessage, GroveTimer> out) {
    s.isPrimary = true;
    s.canBecomePrimary = false;
    s.ackedNext.clear();
    for (NodeId b : backups(s, out.self())) {
      s.ackedNext.put(b, 0L);
    }
    // Every server of the epoch installed this state before BecomePrimary: it is all committed.
    replica.raiseCommitted(s, s.log.size(), out);
    s.stallSinceTicks = out.clock().lowerTicks();
    out.annotate(Annotations.ROLE, Roles.PRIMARY + " (BecomePrimary in epoch " + s.epoch + ")");
    onTick(s, out);
  }

  void stepDown(ReplicaState s, String reason, Effects<GroveMessage, GroveTimer> out) {
    if (!s.isPrimary) {
      return;
    }
    s.isPrimary = false;
    for (Waiter w : s.waiters) {
      replica.refuse(s, w.client(), w.seq(), "primary stepped down: " + reason, out);
    }
    s.waiters = new ArrayList<>();
    out.cancelTimer(new GroveTimer.PrimaryTick());
    out.annotate(Annotations.ROLE, Roles.BACKUP + " (stepped down: " + reason + ")");
  }

  void onApply(ReplicaState s, NodeId client, KvRequest r, Effects<GroveMessage, GroveTimer> out) {
    if (!s.isPrimary || s.sealed) {
      replica.refuse(s, client, r.seq(), s.sealed ? "sealed" : "not primary", out);
      return;
    }
    if (s.sessions.alreadyExecuted(client.name(), r.seq())) {
      String output = s.sessions.outputOf(client.name(), r.seq());
      if (output != null) {
        // A retry: answer once everything applied so far (this op included) is committed.
        addWaiter(s, new Waiter(client, r.seq(), s.log.size() - 1, output), out);
      }
      return;
    }
    if (s.committed == s.log.size()) {
      s.stallSinceTicks = out.clock().lowerTicks();
    }
    String output = r.executeOnce(s.sessions, s.kv);
    long index = s.log.size();
    s.log.add(r);
    for (NodeId b : s.ackedNext.keySet()) {
      out.send(b, new ApplyAsBackup(s.epoch, index, r, s.committed));
    }
    addWaiter(s, new Waiter(client, r.seq(), index, output), out);
    advanceCommit(s, out);
  }

  private void addWaiter(ReplicaState s, Waiter w, Effects<GroveMessage, GroveTimer> out) {
    if (w.index() < s.committed) {
      out.send(w.client(), new ClientReply(w.seq(), true, w.output(), "", null));
      return;
    }
    s.waiters.removeIf(x -> x.client().equals(w.client()));
    s.waiters.add(w);
  }

  void onBackupReply(
      ReplicaState s, NodeId from, BackupReply r, Effects<GroveMessage, GroveTimer> out) {
    if (!s.isPrimary || r.epoch() != s.epoch || !s.ackedNext.containsKey(from)) {
      return;
    }
    if (!r.ok()) {
      stepDown(s, from + " is sealed or in a newer epoch", out);
      return;
    }
    long acked = Math.min(r.nextIndex(), s.log.size());
    s.ackedNext.merge(from, acked, Math::max);
    advanceCommit(s, out);
  }

  /** Commits what every backup holds (G16: what a majority holds), then answers the waiters. */
  private void advanceCommit(ReplicaState s, Effects<GroveMessage, GroveTimer> out) {
    long target = bug == GroveBug.G16 ? majorityAcked(s) : allAcked(s); // G16: majority ack
    if (target <= s.committed) {
      return;
    }
    replica.persist(s, out); // durable before any client hears "done"
    replica.raiseCommitted(s, target, out);
    s.stallSinceTicks = out.clock().lowerTicks();
    List<Waiter> waiting = new ArrayList<>();
    for (Waiter w : s.waiters) {
      if (w.index() < s.committed) {
        out.send(w.client(), new ClientReply(w.seq(), true, w.output(), "", null));
      } else {
        waiting.add(w);
      }
    }
    s.waiters = waiting;
  }

  private static long allAcked(ReplicaState s) {
    long min = s.log.size();
    for (long acked : s.ackedNext.values()) {
      min = Math.min(min, acked);
    }
    return min;
  }

  private static long majorityAcked(ReplicaState s) {
    List<Long> holds = new ArrayList<>(s.ackedNext.values());
    holds.add((long) s.log.size());
    Collections.sort(holds, Collections.reverseOrder());
    return holds.get(holds.size() / 2);
  }

  void onTick(ReplicaState s, Effects<GroveMessage, GroveTimer> out) {
    if (!s.isPrimary) {
      return;
    }
    for (Map.Entry<NodeId, Long> e : s.ackedNext.entrySet()) {
      long from = e.getValue();
      long to = Math.min(s.log.size(), from + RESEND_WINDOW);
      for (long i = from; i < to; i++) {
        out.send(e.getKey(), new ApplyAsBackup(s.epoch, i, s.log.get((int) i), s.committed));
      }
      out.send(e.getKey(), new CommitIndex(s.epoch, s.committed));
    }
    out.setTimer(new GroveTimer.PrimaryTick(), config.primaryTickTicks());
  }

  /** A write has waited for its backups longer than the stall limit. */
  boolean stalled(ReplicaState s, Effects<GroveMessage, GroveTimer> out) {
    return s.isPrimary
        && s.committed < s.log.size()
        && out.clock().lowerTicks() - s.stallSinceTicks > config.stallTicks();
  }

  private static List<NodeId> backups(ReplicaState s, NodeId self) {
    List<NodeId> b = new ArrayList<>(s.servers);
    b.remove(self);
    return b;
  }
}
