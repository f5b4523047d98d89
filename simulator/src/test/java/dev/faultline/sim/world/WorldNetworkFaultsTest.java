package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static dev.faultline.sim.world.Fixture.S2;
import static dev.faultline.sim.world.Fixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceEvent.Deliver;
import dev.faultline.sim.trace.TraceEvent.Drop;
import dev.faultline.sim.trace.TraceEvent.Hold;
import dev.faultline.sim.trace.TraceEvent.Link;
import dev.faultline.sim.trace.TraceEvent.Send;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Partitions, scripted and random network faults, on Ping nodes beating every 10 ticks. */
class WorldNetworkFaultsTest {

  private static InMemoryTrace run(
      NetworkConfig net, int nodes, long ticks, FaultSchedule faults, long seed) {
    InMemoryTrace trace = new InMemoryTrace();
    World w = new World(Fixture.config(seed, net, ticks), Fixture.pings(nodes, 10, false), trace);
    w.schedule(faults);
    w.run();
    return trace;
  }

  private static List<Deliver> delivered(InMemoryTrace t, NodeId from, NodeId to, long a, long b) {
    return Fixture.on(
        t,
        Deliver.class,
        d -> d.from().equals(from) && d.to().equals(to) && d.tick() >= a && d.tick() < b);
  }

  private static Map<Long, Send> sends(InMemoryTrace t) {
    Map<Long, Send> out = new HashMap<>();
    t.ofType(Send.class).forEach(s -> out.put(s.msgId(), s));
    return out;
  }

  @Test
  void symmetricPartitionCutsBothDirectionsBetweenGroupsOnly() {
    var faults =
        FaultSchedule.builder()
            .at(5, new Fault.Partition(List.of(Set.of(S1), Set.of(S2, S3))))
            .build();
    InMemoryTrace t = run(Fixture.fixedLatency(2), 3, 200, faults, 1);
    assertTrue(delivered(t, S1, S2, 0, 1000).isEmpty());
    assertTrue(delivered(t, S2, S1, 0, 1000).isEmpty());
    assertTrue(delivered(t, S3, S1, 0, 1000).isEmpty());
    assertFalse(delivered(t, S2, S3, 0, 1000).isEmpty());
    assertFalse(delivered(t, S3, S2, 0, 1000).isEmpty());
    var partition = t.ofType(TraceEvent.Partition.class).get(0);
    assertEquals(
        List.of(new Link(S1, S2), new Link(S1, S3), new Link(S2, S1), new Link(S3, S1)),
        partition.blocked());
    // Dropped at send, reason "partition", and every s1<->others message accounted for.
    List<Drop> drops = Fixture.on(t, Drop.class, d -> d.reason().equals("partition"));
    long crossSends =
        Fixture.on(t, Send.class, s -> s.from().equals(S1) != s.to().equals(S1)).size();
    assertEquals(crossSends, drops.size());
  }

  @Test
  void oneWayBlockCutsOnlyItsDirectionUntilUnblocked() {
    var faults =
        FaultSchedule.builder()
            .at(5, new Fault.BlockLink(S1, S2))
            .at(55, new Fault.UnblockLink(S1, S2))
            .build();
    InMemoryTrace t = run(Fixture.fixedLatency(2), 2, 200, faults, 1);
    assertTrue(delivered(t, S1, S2, 5, 57).isEmpty(), "s1->s2 is blocked");
    assertEquals(5, delivered(t, S2, S1, 5, 57).size(), "s2's pings at 10..50 reach s1");
    assertFalse(delivered(t, S1, S2, 57, 200).isEmpty(), "unblocked");
    assertEquals(
        List.of(),
        t.ofType(TraceEvent.Partition.class).get(1).blocked(),
        "unblock restores the link");
  }

  @Test
  void isolateCutsANodeOffUntilHeal() {
    var faults =
        FaultSchedule.builder()
            .at(5, new Fault.Isolate(S2))
            .at(5, new Fault.BlockLink(S3, S1))
            .at(100, new Fault.Heal())
            .build();
    InMemoryTrace t = run(Fixture.fixedLatency(2), 3, 300, faults, 1);
    for (NodeId other : List.of(S1, S3)) {
      assertTrue(delivered(t, S2, other, 5, 100).isEmpty());
      assertTrue(delivered(t, other, S2, 5, 100).isEmpty());
      assertFalse(delivered(t, S2, other, 100, 300).isEmpty());
      assertFalse(delivered(t, other, S2, 100, 300).isEmpty());
    }
    assertTrue(delivered(t, S3, S1, 5, 100).isEmpty());
    assertFalse(delivered(t, S1, S3, 5, 100).isEmpty());
    var partitions = t.ofType(TraceEvent.Partition.class);
    assertEquals("heal", partitions.get(partitions.size() - 1).description());
    assertEquals(List.of(), partitions.get(partitions.size() - 1).blocked());
  }

  @Test
  void aMessageInFlightWhenTheLinkIsCutIsLost() {
    // Latency 10: the pings sent at tick 10 would arrive at 20; the cut at 15 loses them.
    var faults = FaultSchedule.builder().at(15, new Fault.BlockLink(S1, S2)).build();
    InMemoryTrace t = run(Fixture.fixedLatency(10), 2, 25, faults, 1);
    Send ping = Fixture.on(t, Send.class, s -> s.from().equals(S1) && s.tick() == 10).get(0);
    List<Drop> drop = Fixture.on(t, Drop.class, d -> d.msgId() == ping.msgId());
    assertEquals(1, drop.size());
    assertEquals(20, drop.get(0).tick());
    assertEquals("partition", drop.get(0).reason());
  }

  @Test
  void randomDropLosesAboutTheConfiguredShareAndNeverDeliversIt() {
    NetworkConfig net = new NetworkConfig(new Latency.Uniform(1, 5), 0.3, 0, 0, 0, 0, 0, 0);
    InMemoryTrace t = run(net, 3, 3_000, FaultSchedule.NONE, 7);
    List<Drop> drops = Fixture.on(t, Drop.class, d -> d.reason().equals("random"));
    int sent = t.ofType(Send.class).size();
    double share = drops.size() / (double) sent;
    assertTrue(share > 0.25 && share < 0.35, "drop share " + share + " of " + sent);
    Set<Long> dropped = new java.util.TreeSet<>();
    drops.forEach(d -> dropped.add(d.msgId()));
    assertTrue(t.ofType(Deliver.class).stream().noneMatch(d -> dropped.contains(d.msgId())));
    assertEquals(sent, drops.size() + t.ofType(Deliver.class).size() + inFlight(t));
  }

  private static int inFlight(InMemoryTrace t) {
    Set<Long> done = new java.util.TreeSet<>();
    t.ofType(Deliver.class).forEach(d -> done.add(d.msgId()));
    t.ofType(Drop.class).forEach(d -> done.add(d.msgId()));
    return (int) t.ofType(Send.class).stream().filter(s -> !done.contains(s.msgId())).count();
  }

  @Test
  void duplicateDeliversTheOriginalAndACopyWithItsOwnId() {
    NetworkConfig net = new NetworkConfig(new Latency.Uniform(1, 5), 0, 1.0, 0, 0, 0, 0, 0);
    InMemoryTrace t = run(net, 2, 95, FaultSchedule.NONE, 3);
    var dups = t.ofType(TraceEvent.Duplicate.class);
    Map<Long, Send> sends = sends(t);
    assertEquals(sends.size(), dups.size(), "rate 1: every message is duplicated");
    Set<Long> deliveredIds = new java.util.TreeSet<>();
    t.ofType(Deliver.class).forEach(d -> deliveredIds.add(d.msgId()));
    for (var d : dups) {
      if (d.tick() > 80) {
        continue; // may still be in flight when the run ends at 95
      }
      assertTrue(deliveredIds.contains(d.msgId()), "original " + d.msgId());
      assertTrue(deliveredIds.contains(d.copyId()), "copy " + d.copyId());
      assertFalse(sends.containsKey(d.copyId()), "a copy is not a send");
    }
    // The receiver handled each ping twice.
    Ping.State s2 = null;
    assertEquals(
        2 * 9,
        t.ofType(Deliver.class).stream()
            .filter(d -> d.to().equals(S2) && d.message() instanceof Ping.PingMsg)
            .count());
    assertEquals(null, s2);
  }

  @Test
  void reorderChangesPerLinkOrderAndFixedLatencyKeepsIt() {
    NetworkConfig reorder = new NetworkConfig(new Latency.Fixed(1), 0, 0, 1.0, 25, 0, 0, 0);
    assertTrue(outOfOrderDeliveries(run(reorder, 2, 1_000, FaultSchedule.NONE, 5)) > 0);
    assertEquals(
        0, outOfOrderDeliveries(run(Fixture.fixedLatency(1), 2, 1_000, FaultSchedule.NONE, 5)));
  }

  private static int outOfOrderDeliveries(InMemoryTrace t) {
    long last = -1;
    int out = 0;
    for (Deliver d : Fixture.on(t, Deliver.class, d -> d.from().equals(S1) && d.to().equals(S2))) {
      if (d.msgId() < last) {
        out++;
      }
      last = Math.max(last, d.msgId());
    }
    return out;
  }

  @Test
  void randomHoldDeliversStaleMessagesMuchLaterAtTheAnnouncedTick() {
    NetworkConfig net = new NetworkConfig(new Latency.Fixed(2), 0, 0, 0, 0, 0.2, 500, 600);
    InMemoryTrace t = run(net, 3, 2_000, FaultSchedule.NONE, 11);
    List<Hold> holds = t.ofType(Hold.class);
    assertTrue(holds.size() > 10, "holds " + holds.size());
    Map<Long, Deliver> byId = new HashMap<>();
    t.ofType(Deliver.class).forEach(d -> byId.put(d.msgId(), d));
    int checked = 0;
    for (Hold h : holds) {
      assertTrue(h.untilTick() >= h.tick() + 502 && h.untilTick() <= h.tick() + 602);
      if (h.untilTick() <= 2_000) {
        assertEquals(h.untilTick(), byId.get(h.msgId()).tick(), "held " + h.msgId());
        checked++;
      }
    }
    assertTrue(checked > 5);
  }

  @Test
  void scriptedHoldDelaysExactlyTheNextMatchingMessagesAndOverridesRandomLoss() {
    NetworkConfig lossy = new NetworkConfig(new Latency.Fixed(2), 0.5, 0, 0, 0, 0, 0, 0);
    var faults = FaultSchedule.builder().at(15, new Fault.HoldMessages(S1, S2, 1, 300)).build();
    InMemoryTrace t = run(lossy, 2, 400, faults, 2);
    List<Hold> holds = t.ofType(Hold.class);
    assertEquals(1, holds.size());
    Hold h = holds.get(0);
    Send first = Fixture.on(t, Send.class, s -> s.from().equals(S1) && s.tick() >= 15).get(0);
    assertEquals(first.msgId(), h.msgId(), "the first s1->s2 message after the fault");
    assertEquals(first.tick() + 2 + 300, h.untilTick());
    assertEquals(
        1,
        Fixture.on(t, Deliver.class, d -> d.msgId() == h.msgId() && d.tick() == h.untilTick())
            .size());
    assertTrue(
        t.ofType(TraceEvent.NetworkChange.class).get(0).description().contains("hold the next 1"));
  }

  @Test
  void scriptedDropLosesExactlyTheNextMatchingMessages() {
    var faults = FaultSchedule.builder().at(15, new Fault.DropMessages(null, S3, 2)).build();
    InMemoryTrace t = run(Fixture.fixedLatency(2), 3, 200, faults, 2);
    List<Drop> drops = t.ofType(Drop.class);
    assertEquals(2, drops.size());
    List<Send> toS3 = Fixture.on(t, Send.class, s -> s.to().equals(S3) && s.tick() >= 15);
    assertEquals(
        List.of(toS3.get(0).msgId(), toS3.get(1).msgId()),
        drops.stream().map(Drop::msgId).toList());
    assertTrue(drops.stream().allMatch(d -> d.reason().equals("fault")));
  }

  @Test
  void setNetworkChangesRatesFromThatTickOn() {
    NetworkConfig allLost = new NetworkConfig(new Latency.Fixed(2), 1.0, 0, 0, 0, 0, 0, 0);
    var faults = FaultSchedule.builder().at(50, new Fault.SetNetwork(allLost)).build();
    InMemoryTrace t = run(Fixture.fixedLatency(2), 2, 200, faults, 2);
    assertFalse(Fixture.on(t, Deliver.class, d -> d.tick() < 50).isEmpty());
    assertTrue(Fixture.on(t, Deliver.class, d -> d.tick() > 52).isEmpty());
    assertEquals(1, t.ofType(TraceEvent.NetworkChange.class).size());
  }

  @Test
  void selfSendsSkipTheNetworkAndArriveTheSameTick() {
    NetworkConfig allLost = new NetworkConfig(new Latency.Fixed(2), 1.0, 0, 0, 0, 0, 0, 0);
    InMemoryTrace t = new InMemoryTrace();
    World w =
        new World(
            Fixture.config(1, allLost, 35),
            Fixture.cluster(new Ping(Fixture.ids(2), 10, false, true), 2),
            t);
    w.schedule(FaultSchedule.builder().at(1, new Fault.Isolate(S1)).build());
    w.run();
    List<Deliver> self = Fixture.on(t, Deliver.class, d -> d.from().equals(d.to()));
    assertEquals(12, self.size(), "3 beats x 2 nodes, a ping and a pong to itself each");
    Map<Long, Send> sends = sends(t);
    assertTrue(self.stream().allMatch(d -> sends.get(d.msgId()).tick() == d.tick()));
    assertTrue(Fixture.on(t, Deliver.class, d -> !d.from().equals(d.to())).isEmpty());
  }
}
