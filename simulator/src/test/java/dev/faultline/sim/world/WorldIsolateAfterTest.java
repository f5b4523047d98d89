package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static dev.faultline.sim.world.Fixture.S2;
import static dev.faultline.sim.world.Fixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state-aware {@code isolate-after} nemesis holds its node off the network until its own end:
 * another fault's unblock of one of that node's links (a one-way episode ending, a block-after's
 * timer) leaves the link cut, as a heal does. With {@link WorldRebootAfterTest}'s voters: s1 votes
 * at 10, which fires the isolate-after.
 */
class WorldIsolateAfterTest {

  /** The cut links after each change, as "tick description: from->to ...". */
  private static List<String> cuts(InMemoryTrace trace) {
    return trace.ofType(TraceEvent.Partition.class).stream()
        .map(
            p ->
                p.tick()
                    + " "
                    + p.description()
                    + ":"
                    + p.blocked().stream()
                        .filter(l -> !l.from().equals(S2) || !l.to().equals(S3))
                        .map(l -> " " + l.from() + "->" + l.to())
                        .reduce("", String::concat))
        .toList();
  }

  @Test
  void anUnblockDoesNotReopenALinkOfANodeAnIsolateAfterHoldsOff() {
    InMemoryTrace trace = new InMemoryTrace();
    FaultSchedule faults =
        FaultSchedule.builder()
            .at(0, new Fault.BlockLink(S2, S1))
            .at(0, new Fault.IsolateAfterAnnotation("vote", 100)) // fires on s1's vote at 10
            .at(15, new Fault.UnblockLink(S2, S1)) // s1 is offline: stays cut
            .at(16, new Fault.UnblockLink(S1, S3)) // likewise
            .at(17, new Fault.BlockLink(S2, S3))
            .at(18, new Fault.UnblockLink(S2, S3)) // a link between two other nodes reopens
            .build();
    WorldBlockAfterTest.world(trace, faults).runUntil(200);
    String offline = " s1->s2 s1->s3 s2->s1 s3->s1";
    assertEquals(
        List.of(
            "0 block s2->s1: s2->s1",
            "10 isolate-after: s1:" + offline,
            "15 unblock s2->s1:" + offline,
            "16 unblock s1->s3:" + offline,
            "17 block s2->s3:" + offline,
            "18 unblock s2->s3:" + offline,
            "110 isolate-after ends: s1:"),
        cuts(trace));
    assertEquals(
        List.of(),
        trace.ofType(TraceEvent.Partition.class).get(5).blocked().stream()
            .filter(l -> l.from().equals(S2) && l.to().equals(S3))
            .toList(),
        "s2->s3 reopened at 18");
  }
}
