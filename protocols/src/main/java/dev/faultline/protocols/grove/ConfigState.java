package dev.faultline.protocols.grove;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import java.util.List;

/**
 * The config service's state, all of it durable: the active epoch and its servers (primary first),
 * the highest reserved epoch, the latest lease expiration it granted (on its own clock), and
 * whether it stopped granting leases to let them expire.
 */
public final class ConfigState implements NodeState<ConfigState> {

  /** What the config service keeps on disk (all of its state). */
  public record Disk(
      long epoch,
      long reservedEpoch,
      List<NodeId> servers,
      long leaseExpirationTicks,
      boolean wantLeaseToExpire)
      implements Durable {
    public Disk {
      servers = List.copyOf(servers);
    }
  }

  long epoch;
  long reservedEpoch;
  List<NodeId> servers;
  long leaseExpirationTicks;
  boolean wantLeaseToExpire;

  ConfigState(Disk d) {
    epoch = d.epoch();
    reservedEpoch = d.reservedEpoch();
    servers = d.servers();
    leaseExpirationTicks = d.leaseExpirationTicks();
    wantLeaseToExpire = d.wantLeaseToExpire();
  }

  Disk disk() {
    return new Disk(epoch, reservedEpoch, servers, leaseExpirationTicks, wantLeaseToExpire);
  }

  public long epoch() {
    return epoch;
  }

  public List<NodeId> servers() {
    return servers;
  }

  @Override
  public StateDescription describe() {
    return StateDescription.of()
        .put("epoch", epoch)
        .put("reservedEpoch", reservedEpoch)
        .put("servers", servers)
        .put("leaseExpirationTicks", leaseExpirationTicks)
        .put("wantLeaseToExpire", wantLeaseToExpire);
  }

  @Override
  public ConfigState copy() {
    return new ConfigState(disk());
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    Fingerprints.put(sink, disk());
  }
}
