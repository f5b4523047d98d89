package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.rand.Rng;
import dev.faultline.sim.trace.TraceEvent;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The kernel's isolate-after nemesis as R8's swarm plans use it: armed before an admin's change, it
 * cuts off the leader right after the handler in which it appended the configuration entry, so the
 * entry reaches nobody; the leader stays cut off through other faults' heals and comes back after
 * its isolateTicks. Also: racing membership plans are drawn only with 4+ servers and are what the
 * aimed faults recognise.
 */
class R8IsolateAfterTest {
  private static final long ISOLATE_TICKS = 300;

  private static RaftRuns.Run run(long seed) {
    SortedMap<String, String> options =
        RaftRuns.options(
            "membership", "single",
            "initialMembers", "s1,s2,s3,s4",
            "reconfig", "400:s1,s2,s3,s4,s5");
    FaultSchedule faults =
        FaultSchedule.builder()
            .at(399, new Fault.IsolateAfterAnnotation("config-appended", ISOLATE_TICKS))
            .at(450, new Fault.Heal()) // another fault's heal must not end the isolation
            .build();
    List<List<ClientOp>> noOps = List.of(List.of());
    return RaftRuns.run(
        seed, 5, null, noOps, options, NetworkConfig.RELIABLE, faults, 1_500, 1_500, true);
  }

  @Test
  void leaderIsCutOffRightAfterAppendingAConfigEntryAndComesBackLater() {
    RaftRuns.Run r = run(7);
    assertNull(r.violatedProperty(), "correct Raft stays safe and live");
    TraceEvent.Annotate appended = null;
    for (TraceEvent e : r.trace()) {
      if (e instanceof TraceEvent.Annotate a && a.key().equals("config-appended")) {
        appended = a;
        break;
      }
    }
    assertNotNull(appended, "the leader appended the admin's configuration entry");
    NodeId leader = appended.node();
    long at = appended.tick();
    int cuts = 0;
    boolean ended = false;
    boolean whileCut = false;
    int dropped = 0;
    for (TraceEvent e : r.trace()) {
      if (e instanceof TraceEvent.Partition p && p.description().startsWith("isolate-after: ")) {
        cuts++;
        whileCut = true;
        assertEquals("isolate-after: " + leader, p.description());
        assertEquals(at, p.tick(), "cut off in the same step as the append");
      }
      if (e instanceof TraceEvent.Partition p
          && p.description().equals("isolate-after ends: " + leader)) {
        ended = true;
        whileCut = false;
        assertEquals(at + ISOLATE_TICKS, p.tick());
      }
      if (whileCut && e instanceof TraceEvent.Deliver d) {
        assertFalse(
            d.from().equals(leader) || d.to().equals(leader),
            "nothing reaches or leaves the cut-off leader: " + d);
      }
      if (whileCut && e instanceof TraceEvent.Drop d && d.from().equals(leader)) {
        dropped++;
      }
    }
    assertEquals(1, cuts, "one-shot");
    assertTrue(ended, "the leader's links come back after isolateTicks");
    assertTrue(dropped > 0, "what the leader sent after appending was dropped");
    // Nobody took the entry from the cut-off leader (followers annotate each config they take).
    for (TraceEvent e : r.trace()) {
      if (e instanceof TraceEvent.Annotate a && a.key().equals("config-learned")) {
        assertFalse(
            a.value().endsWith("from " + leader) && a.tick() < at + ISOLATE_TICKS, a.toString());
      }
    }
  }

  @Test
  void sameSeedSameTrace() {
    assertEquals(run(11).trace(), run(11).trace());
  }

  @Test
  void racingPlansAreDrawnOnlyWithFourOrMoreServersAndAimedFaultsFollowThem() {
    RaftSpec spec = new RaftSpec();
    int racing = 0;
    int aimed = 0;
    for (long seed = 1; seed <= 400; seed++) {
      SortedMap<String, String> three =
          spec.swarmOptions(Rng.derived(seed, "swarm-options"), 3, 3_000);
      assertFalse(three.containsKey("adminRetryTicks"), "no racing plan with 3 servers");
      assertTrue(spec.swarmFaults(Rng.derived(seed, "p"), three, 3, 3_000).isEmpty());

      SortedMap<String, String> five =
          spec.swarmOptions(Rng.derived(seed, "swarm-options"), 5, 3_000);
      List<dev.faultline.sim.fault.ScheduledFault> faults =
          spec.swarmFaults(Rng.derived(seed, "p"), five, 5, 3_000);
      if (!five.containsKey("adminRetryTicks")) {
        assertTrue(faults.isEmpty(), "aimed faults only for racing plans: " + five);
        continue;
      }
      racing++;
      RaftConfig c = RaftConfig.from(spec.serverIds(5), null, five);
      assertEquals(RaftConfig.MembershipMode.SINGLE, c.membership());
      assertEquals(4, c.initialMembership().voters().size(), "an even cluster");
      assertEquals(2, c.reconfig().size());
      assertFalse(c.reconfig().get(0).members().equals(c.reconfig().get(1).members()));
      for (RaftConfig.ReconfigStep step : c.reconfig()) {
        TreeSet<NodeId> diff = new TreeSet<>(c.initialMembership().voters());
        diff.addAll(step.members());
        TreeSet<NodeId> both = new TreeSet<>(c.initialMembership().voters());
        both.retainAll(step.members());
        diff.removeAll(both);
        assertEquals(1, diff.size(), "each change is one server away from the SAME base");
      }
      assertTrue(c.reconfig().get(0).giveUpTicks() > 0, "the first operator's tool times out");
      if (!faults.isEmpty()) {
        aimed++;
        assertTrue(
            faults.stream().anyMatch(f -> f.fault() instanceof Fault.IsolateAfterAnnotation));
        assertTrue(faults.get(0).tick() < c.reconfig().get(0).notBeforeTick(), "armed before");
      }
    }
    assertTrue(racing > 60 && racing < 150, "about a quarter of 400 seeds: " + racing);
    assertTrue(aimed > racing / 2, "most racing plans get the aimed faults: " + aimed);
  }

  @Test
  void firstAdminGivesUpAfterItsTimeoutAndBadGiveUpIsRejected() {
    SortedMap<String, String> options =
        RaftRuns.options(
            "membership", "single",
            "initialMembers", "s1,s2,s3,s4",
            "reconfig", "400:s1,s2,s3,s4,s5:50",
            "adminRetryTicks", "20");
    FaultSchedule faults =
        FaultSchedule.builder()
            .at(399, new Fault.IsolateAfterAnnotation("config-appended", 1_000))
            .build();
    RaftRuns.Run r =
        RaftRuns.run(
            3,
            5,
            null,
            List.of(List.of()),
            options,
            NetworkConfig.RELIABLE,
            faults,
            1_500,
            0,
            true);
    long gaveUp = -1;
    long lastRequest = -1;
    for (TraceEvent e : r.trace()) {
      if (e instanceof TraceEvent.Annotate a
          && a.node().equals(NodeId.of("a1"))
          && a.value().endsWith("gave up")) {
        gaveUp = a.tick();
      }
      if (e instanceof TraceEvent.Send m
          && m.from().equals(NodeId.of("a1"))
          && m.message() instanceof RaftMessage.ConfigRequest) {
        lastRequest = m.tick();
      }
    }
    assertEquals(450, gaveUp, "50 ticks after its first send at 400");
    assertTrue(lastRequest >= 400 && lastRequest < 450, "no request after giving up");
    for (String bad : List.of("400:s1,s2:0", "400:s1,s2:x")) {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () ->
                  RaftConfig.from(
                      new RaftSpec().serverIds(3), null, RaftRuns.options("reconfig", bad)));
      assertTrue(e.getMessage().contains("give-up"), e.getMessage());
    }
  }
}
