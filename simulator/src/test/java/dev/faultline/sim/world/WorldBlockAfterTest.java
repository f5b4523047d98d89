package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static dev.faultline.sim.world.Fixture.S2;
import static dev.faultline.sim.world.Fixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The state-aware {@code block-after} nemesis (with {@link WorldRebootAfterTest}'s voters: s1 votes
 * at 10 and s2 at 20, each telling s3): it fires on the next node other than its target that sets
 * the awaited annotation to a new value, cuts that node's one link to the target (what it just sent
 * there is lost) and unblocks it blockTicks later.
 */
class WorldBlockAfterTest {

  /** Three voters (s1 votes at 10, s2 at 20) on 2-tick links, with {@code faults} scheduled. */
  static World world(TraceSink sink, FaultSchedule faults) {
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    for (NodeId id : List.of(S1, S2, S3)) {
      nodes.put(id, new WorldRebootAfterTest.Voter());
    }
    Cluster cluster = new Cluster(nodes, List.of(S1, S2, S3), List.of(), List.of());
    World w = new World(Fixture.config(1, Fixture.fixedLatency(2), 1_000), cluster, sink);
    w.schedule(faults);
    return w;
  }

  @Test
  void cutsTheOneLinkFromTheNodeThatAnnotatedToTheTarget() {
    InMemoryTrace trace = new InMemoryTrace();
    FaultSchedule faults =
        FaultSchedule.builder()
            // Older, but s1 is its target: it waits for s2's vote at 20.
            .at(0, new Fault.BlockAfterAnnotation("vote", S1, 50))
            // Fires on s1's vote at 10: s1's message to s3, already sent, is lost.
            .at(0, new Fault.BlockAfterAnnotation("vote", S3, 15))
            .build();
    World w = world(trace, faults);
    w.runUntil(100);
    List<String> cuts =
        trace.ofType(TraceEvent.Partition.class).stream()
            .map(p -> p.tick() + " " + p.description())
            .toList();
    assertEquals(
        List.of(
            "10 block-after s1->s3",
            "20 block-after s2->s1",
            "25 unblock s1->s3",
            "70 unblock s2->s1"),
        cuts);
    assertEquals(1, ((WorldRebootAfterTest.Voter.State) w.state(S3)).received, "only s2's arrived");
    assertTrue(
        trace.ofType(TraceEvent.Partition.class).get(0).blocked().stream()
            .allMatch(l -> l.from().equals(S1) && l.to().equals(S3)),
        "one way, one link");
  }

  /**
   * A state-aware fault still armed when the run stabilizes never fires: after stabilization no
   * fault acts (a correct Raft once failed liveness because isolate-after faults armed in the fault
   * phase kept cutting off each new leader long after it).
   */
  @Test
  void stabilizationDisarmsFaultsThatHaveNotFired() {
    InMemoryTrace trace = new InMemoryTrace();
    FaultSchedule faults =
        FaultSchedule.builder()
            .at(0, new Fault.BlockAfterAnnotation("vote", S3, 15))
            .at(5, new Fault.StabilizeAll())
            .build();
    World w = world(trace, faults);
    w.runUntil(100);
    assertEquals(
        List.of("5 heal (stabilize)"),
        trace.ofType(TraceEvent.Partition.class).stream()
            .map(p -> p.tick() + " " + p.description())
            .toList());
    assertEquals(
        2, ((WorldRebootAfterTest.Voter.State) w.state(S3)).received, "both votes arrived");
    assertTrue(
        trace.ofType(TraceEvent.NetworkChange.class).stream()
            .anyMatch(c -> c.description().contains("1 armed state-aware fault(s) will not fire")),
        "the trace says so");
  }

  @Test
  void aTargetThatIsNotANodeIsRejectedBeforeAnythingRuns() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                world(
                    TraceSink.NONE,
                    FaultSchedule.builder()
                        .at(1, new Fault.BlockAfterAnnotation("vote", NodeId.of("s9"), 5))
                        .build()));
    assertTrue(e.getMessage().contains("block-after.to"), e.getMessage());
  }
}
