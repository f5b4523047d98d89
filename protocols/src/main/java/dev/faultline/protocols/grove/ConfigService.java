package dev.faultline.protocols.grove;

import dev.faultline.protocols.grove.GroveMessage.ConfigReply;
import dev.faultline.protocols.grove.GroveMessage.GetConfig;
import dev.faultline.protocols.grove.GroveMessage.GetLease;
import dev.faultline.protocols.grove.GroveMessage.LeaseReply;
import dev.faultline.protocols.grove.GroveMessage.ReserveEpoch;
import dev.faultline.protocols.grove.GroveMessage.ReserveReply;
import dev.faultline.protocols.grove.GroveMessage.WriteConfig;
import dev.faultline.protocols.grove.GroveMessage.WriteConfigReply;
import dev.faultline.protocols.grove.GroveMessage.WriteStatus;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;

/**
 * Grove's config service (one durable node): reserves epochs, publishes the active configuration,
 * grants one read lease per epoch ({@code lower + leaseTicks} on its own clock) and activates a new
 * epoch only once every lease of the old one has certainly expired ({@code lower >=
 * leaseExpiration}), granting none while it waits. It persists before every reply.
 */
public final class ConfigService implements Protocol<ConfigState, GroveMessage, GroveTimer> {
  private final GroveConfig config;
  private final GroveBug bug;

  public ConfigService(GroveConfig config) {
    this.config = config;
    this.bug = config.bug();
  }

  @Override
  public ConfigState init(NodeId self, Durable durable, Effects<GroveMessage, GroveTimer> out) {
    long firstEpoch = config.bootEpoch() ? 1 : 0; // bootEpoch: epoch 1 is active from boot
    ConfigState.Disk disk =
        durable instanceof ConfigState.Disk d
            ? d
            : new ConfigState.Disk(firstEpoch, firstEpoch, config.initial(), 0, false);
    if (durable == null && config.bootEpoch()) {
      out.persist(disk); // the active epoch is on disk from the start
    }
    out.annotate(Annotations.ROLE, "config");
    return new ConfigState(disk);
  }

  @Override
  public void onMessage(
      ConfigState s, NodeId from, GroveMessage m, Effects<GroveMessage, GroveTimer> out) {
    if (!(m instanceof GroveMessage.ToConfig toConfig)) {
      return;
    }
    switch (toConfig) {
      case ReserveEpoch r -> {
        s.reservedEpoch++;
        out.persist(s.disk());
        out.send(from, new ReserveReply(s.reservedEpoch, s.epoch, s.servers));
      }
      case GetConfig g -> out.send(from, new ConfigReply(s.epoch, s.servers));
      case WriteConfig w -> onWriteConfig(s, from, w, out);
      case GetLease g -> onGetLease(s, from, g, out);
    }
  }

  @Override
  public void onTimer(ConfigState s, GroveTimer timer, Effects<GroveMessage, GroveTimer> out) {
    if (timer instanceof GroveTimer.LeasesExpired l) {
      onWriteConfig(s, l.admin(), new WriteConfig(l.epoch(), l.servers()), out);
    }
  }

  private void onWriteConfig(
      ConfigState s, NodeId from, WriteConfig w, Effects<GroveMessage, GroveTimer> out) {
    if (w.epoch() < s.reservedEpoch || w.epoch() < s.epoch) {
      out.send(from, new WriteConfigReply(w.epoch(), WriteStatus.STALE, 0));
      return;
    }
    if (w.epoch() == s.epoch) {
      s.servers = List.copyOf(w.servers());
      out.persist(s.disk());
      out.send(from, new WriteConfigReply(w.epoch(), WriteStatus.OK, 0));
      return;
    }
    long waitTicks = ticksUntilLeasesExpire(s, out.clock());
    if (bug != GroveBug.G2 && waitTicks > 0) { // G2: activates without waiting
      s.wantLeaseToExpire = true; // no new leases, so the old ones can run out
      out.persist(s.disk());
      out.send(from, new WriteConfigReply(w.epoch(), WriteStatus.WAIT, waitTicks));
      // and tries the write again itself the moment they have run out, as gokv's server does
      out.setTimer(new GroveTimer.LeasesExpired(from, w.epoch(), w.servers()), waitTicks);
      return;
    }
    s.epoch = w.epoch();
    s.servers = List.copyOf(w.servers());
    s.wantLeaseToExpire = false;
    out.persist(s.disk());
    out.annotate(GroveReplica.EPOCH, s.epoch + " active: " + s.servers);
    out.send(from, new WriteConfigReply(w.epoch(), WriteStatus.OK, 0));
  }

  /**
   * The granter's test: how long until every lease has run out even at the earliest time the clock
   * allows (0 or less: they have).
   */
  private long ticksUntilLeasesExpire(ConfigState s, ClockReading c) {
    long now = bug == GroveBug.G9 ? c.upperTicks() : c.lowerTicks(); // G9: by the upper bound
    return s.leaseExpirationTicks - now;
  }

  private void onGetLease(
      ConfigState s, NodeId from, GetLease g, Effects<GroveMessage, GroveTimer> out) {
    boolean refuse = g.epoch() != s.epoch || s.epoch == 0;
    if (refuse || (s.wantLeaseToExpire && bug != GroveBug.G13)) { // G13: grants while waiting
      out.send(from, new LeaseReply(g.epoch(), false, 0));
      return;
    }
    ClockReading c = out.clock();
    long expiration = c.lowerTicks() + config.leaseTicks();
    s.leaseExpirationTicks = Math.max(s.leaseExpirationTicks, expiration);
    out.persist(s.disk());
    long granted =
        bug == GroveBug.G3 ? c.upperTicks() + config.leaseTicks() : expiration; // G3: upper + I
    out.send(from, new LeaseReply(g.epoch(), true, granted));
  }
}
