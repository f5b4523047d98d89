package dev.faultline.scenario.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.SearchState;
import dev.faultline.sim.explore.Stepper;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulator run matched against the explorer's model: every library run of Raft's R1 and PB's B3
 * is followed to its end, and the model's node states then equal the run's (its states.jsonl) at
 * every prefix checked; events the model cannot take stop the match at that event with the reason.
 */
class TraceMatchTest {
  @TempDir Path dir;

  static Path library(String name) {
    Path here = Path.of("library");
    return (Files.isDirectory(here) ? here : Path.of("scenarios", "library")).resolve(name);
  }

  private record Followed(Scenario scenario, InMemoryTrace trace, Stepper stepper) {
    TraceMatch.Result match(List<TraceEvent> events) {
      return TraceMatch.match(stepper, events, ScenarioPrefix.REPLAY_CLOCK_STEP_TICKS, clients());
    }

    Set<NodeId> clients() {
      return Set.of(NodeId.of("c1"), NodeId.of("c2"), NodeId.of("c3"));
    }
  }

  private Followed follow(String file, Path out) {
    Scenario s = ScenarioReader.read(library(file));
    InMemoryTrace trace = new InMemoryTrace();
    ScenarioRunner.run(s, RunOptions.DEFAULT.withOut(out), trace);
    DebugSession.Setup setup =
        new DebugSession.Setup(
            s.protocol(),
            s.variant(),
            s.nodes(),
            s.clientOps(),
            new TreeMap<>(s.options()),
            ScenarioPrefix.replayOptions());
    return new Followed(s, trace, DebugLaunch.stepper(setup, false));
  }

  private static long count(List<TraceEvent> events, Class<?> kind) {
    return events.stream().filter(kind::isInstance).count();
  }

  private static long countActions(List<ExploreAction> actions, Class<?> kind) {
    return actions.stream().filter(kind::isInstance).count();
  }

  private static void assertStatesEqual(
      Followed f, TraceMatch.Result r, Path statesJsonl, long events) throws Exception {
    SearchState s = r.states().get(r.actionsWithin(events));
    Map<String, JsonNode> run = RunStates.after(statesJsonl, events);
    assertEquals(f.stepper().nodes().size(), run.size(), run.keySet().toString());
    for (NodeId n : f.stepper().nodes()) {
      JsonNode model = DebugSession.stateTree(f.stepper().state(s, n));
      assertEquals(run.get(n.name()), model, n + " after event " + events);
    }
  }

  @Test
  void raftR1IsFollowedToItsEndWithTheRunsNodeStatesAtEveryStep() throws Exception {
    Path out = dir.resolve("r1");
    Followed f = follow("raft/r1-vote-without-log-check.json", out);
    List<TraceEvent> events = f.trace().events();
    TraceMatch.Result r = f.match(events);
    assertNull(r.stopped(), () -> r.stopped().describe());
    assertEquals(events.size(), r.eventsMatched());
    assertEquals(
        count(events, TraceEvent.Deliver.class),
        countActions(r.actions(), ExploreAction.Deliver.class));
    assertEquals(
        count(events, TraceEvent.Drop.class), countActions(r.actions(), ExploreAction.Drop.class));
    assertEquals(
        count(events, TraceEvent.TimerFire.class),
        countActions(r.actions(), ExploreAction.FireTimer.class));
    assertEquals(r.actions().size() + 1, r.states().size());
    // The model's logical time follows the run's: never behind the last event, less than a step on.
    long lastTick = events.get(r.eventOf().getLast().intValue()).tick();
    long time = r.states().getLast().timeTicks();
    assertTrue(time >= lastTick && time < lastTick + ScenarioPrefix.REPLAY_CLOCK_STEP_TICKS);
    for (long k : new long[] {8, 40, 100, 150, events.size()}) {
      assertStatesEqual(f, r, out.resolve("states.jsonl"), k);
    }
  }

  @Test
  void isolatingANodeCutsExactlyTheRunsLinks() {
    Followed f = follow("raft/r1-vote-without-log-check.json", dir.resolve("iso"));
    List<TraceEvent> events = f.trace().events();
    TraceEvent.Partition p = (TraceEvent.Partition) events.get(7);
    TraceMatch.Result r = f.match(events);
    List<String> want = new ArrayList<>();
    p.blocked().forEach(l -> want.add(l.from() + "->" + l.to()));
    assertEquals(want, f.stepper().blockedLinks(r.states().get(r.actionsWithin(8))));
    // One clock step to the partition's tick 1, then one cut per directed link.
    assertEquals(new ExploreAction.ClockStep(10), r.actions().get(0));
    assertEquals(
        List.of(new ExploreAction.Block(NodeId.of("c1"), NodeId.of("s3"))),
        r.actions().subList(1, 2));
    assertEquals(7, r.actionsWithin(8));
  }

  @Test
  void pbB3SplitBrainIsFollowedWithTheRunsStates() throws Exception {
    Path out = dir.resolve("b3");
    Followed f = follow("pb/pb-split-brain-b3.json", out);
    TraceMatch.Result r = f.match(f.trace().events());
    assertNull(r.stopped(), () -> r.stopped().describe());
    assertStatesEqual(f, r, out.resolve("states.jsonl"), f.trace().size());
  }

  @Test
  void aDeliveryTheModelNeverSentStopsTheMatchAtThatEvent() {
    Followed f = follow("raft/r1-vote-without-log-check.json", dir.resolve("forged"));
    List<TraceEvent> events = new ArrayList<>(f.trace().events().subList(0, 30));
    TraceEvent.Deliver real = (TraceEvent.Deliver) events.get(23);
    // s1 "receives" a vote request s3 never sent (s3 was cut off).
    events.set(
        23, new TraceEvent.Deliver(real.tick(), 99, NodeId.of("s3"), real.to(), real.message()));
    TraceMatch.Result r = f.match(events);
    assertNotNull(r.stopped());
    assertEquals(23, r.stopped().event());
    assertEquals(23, r.eventsMatched());
    assertTrue(
        r.stopped().describe().startsWith("event 23 (deliver s3->s1 RequestVote"),
        r.stopped().describe());
    assertTrue(r.stopped().why().contains("no such message in flight"), r.stopped().why());
  }

  @Test
  void aDuplicatedMessageIsNotModelled() {
    Followed f = follow("raft/r1-vote-without-log-check.json", dir.resolve("dup"));
    List<TraceEvent> events = new ArrayList<>(f.trace().events().subList(0, 30));
    events.add(22, new TraceEvent.Duplicate(274, 2, 100, NodeId.of("s2"), NodeId.of("s1")));
    TraceMatch.Result r = f.match(events);
    assertEquals(22, r.stopped().event());
    assertTrue(r.stopped().why().contains("does not duplicate"), r.stopped().why());
  }

  @Test
  void aTimerTheRunFiredOutOfTheModelsOrderIsTakenAndCounted() {
    // R1's leader s2 fires CheckQuorumDue while its shorter HeartbeatDue is pending: the model's
    // own order would never let it, the run's deadlines did.
    Followed f = follow("raft/r1-vote-without-log-check.json", dir.resolve("order"));
    TraceMatch.Result r = f.match(f.trace().events());
    assertTrue(r.timersInRunOrder() > 0, "timers fired in run order: " + r.timersInRunOrder());
  }
}
