package dev.faultline.protocols.grove;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Timer;
import java.util.List;

/** Every timer of Grove, grouped by the node kind that sets it. */
public sealed interface GroveTimer extends Timer {

  sealed interface ReplicaTimer extends GroveTimer {}

  sealed interface AdminTimer extends GroveTimer {}

  sealed interface ClientTimer extends GroveTimer {}

  sealed interface ConfigTimer extends GroveTimer {}

  /**
   * Config service: the leases it waited for have run out by now; try the held {@code WriteConfig}
   * again (gokv's config server sleeps until then and retries the write itself).
   */
  record LeasesExpired(NodeId admin, long epoch, List<NodeId> servers) implements ConfigTimer {
    public LeasesExpired {
      servers = List.copyOf(servers);
    }
  }

  /** Replica: ask the config service for a lease again. */
  record RenewLease() implements ReplicaTimer {}

  /** Primary: resend unacknowledged ops and push the commit index to the backups. */
  record PrimaryTick() implements ReplicaTimer {}

  /** Admin: time for the next planned reconfiguration. */
  record NextStep() implements AdminTimer {}

  /** Admin: the current phase went unanswered (or the config service asked to wait). */
  record PhaseRetry() implements AdminTimer {}

  /** Admin: probe the servers' health. */
  record Watch() implements AdminTimer {}

  /** Client: the request in flight went unanswered. */
  record ClientRetry() implements ClientTimer {}

  /** Client: time to issue the next operation of its script. */
  record NextOp() implements ClientTimer {}
}
