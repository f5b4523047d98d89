package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.FilteredEffects;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.protocols.common.SettledLatencyCase;
import dev.faultline.protocols.pb.PbMessage.ClientRequest;
import dev.faultline.protocols.pb.PbServerState.Request;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * PB's step rules (option {@code checkSteps}): each planted server or view server below breaks one
 * rule at one step, and most of them only delay the run (a retry or the next tick redoes what the
 * step left out), so the run passes every other check; the correct protocol keeps every rule.
 */
class PbStepInvariantsTest {
  static final NodeId VS = PbSpec.VIEW_SERVER;
  static final NodeId S1 = NodeId.of("s1");

  @Test
  void correctPbKeepsEveryStepRule() {
    for (boolean back : new boolean[] {true, false}) {
      ClusterRun.Result r = ClusterRun.run(plan(true, back));
      assertNull(r.property(), r.message());
    }
  }

  @Test
  void theOptionIsACheckOfTrueOrFalse() {
    TreeMap<String, String> options = new TreeMap<>();
    PbSpec spec = new PbSpec();
    int without = spec.build(new ClusterParams(3, null, List.of(), options)).invariants().size();
    options.put(PbStepInvariants.OPTION, "true");
    int with = spec.build(new ClusterParams(3, null, List.of(), options)).invariants().size();
    assertEquals(without + 2, with, "the two step rules join the invariants");
    options.put(PbStepInvariants.OPTION, "yes");
    assertEquals(
        "option 'checkSteps' must be true or false, was 'yes'",
        assertThrows(
                IllegalArgumentException.class,
                () -> spec.build(new ClusterParams(3, null, List.of(), options)))
            .getMessage());
  }

  // ------------------------------------------------------------------ the view server

  @Test
  void aViewServerThatNeverAddsABackupIsCaughtAtThePing() {
    assertCaught(
        "ViewServerSteps",
        "the rules give 2(",
        planted(
            "a view server that never adds a backup",
            nodes -> nodes.put(VS, new ViewServer(PbConfig.DEFAULT, null, servers(), false))));
  }

  @Test
  void aViewServerThatDecidesNothingAtItsCheckIsCaught() {
    Protocol<ViewServerState, PbMessage, PbTimer> correct =
        new ViewServer(PbConfig.DEFAULT, null, servers());
    VsDelegate lazy =
        new VsDelegate(correct) {
          @Override
          public void onTimer(ViewServerState s, PbTimer t, Effects<PbMessage, PbTimer> out) {
            s.newInterval(); // the interval ends, but nobody is declared dead
            out.setTimer(t, PbConfig.DEFAULT.pingCheckTicks());
          }
        };
    assertCaught(
        "ViewServerSteps",
        "at the ping check the view became",
        planted("a view server that declares no death", nodes -> nodes.put(VS, lazy))
            .on(plan(true, false)));
  }

  @Test
  void aViewServerThatForgetsToStartAnIntervalIsCaught() {
    VsDelegate stuck =
        new VsDelegate(new ViewServer(PbConfig.DEFAULT, null, servers())) {
          @Override
          public void onTimer(ViewServerState s, PbTimer t, Effects<PbMessage, PbTimer> out) {
            out.setTimer(t, PbConfig.DEFAULT.pingCheckTicks()); // every server stays alive
          }
        };
    assertCaught(
        "ViewServerSteps",
        "did not start a new interval",
        planted("a view server whose check does nothing", nodes -> nodes.put(VS, stuck)));
  }

  @Test
  void aViewServerThatDropsAViewReplyIsCaught() {
    VsDelegate quiet =
        new VsDelegate(new ViewServer(PbConfig.DEFAULT, null, servers())) {
          @Override
          public void onMessage(
              ViewServerState s, NodeId from, PbMessage m, Effects<PbMessage, PbTimer> out) {
            correct.onMessage(s, from, m, dropping(out, (to, sent) -> to.equals(NodeId.of("s2"))));
          }
        };
    assertCaught(
        "ViewServerSteps",
        "after a ping from s2",
        planted("a view server that never answers s2", nodes -> nodes.put(VS, quiet)));
  }

  // ------------------------------------------------------------------ servers

  @Test
  void aServerThatDropsWrongServerIsCaught() {
    assertCaught(
        "ServerSteps",
        "is not the primary and did not refuse",
        plantedServers(
            "servers that never send WrongServer",
            correct -> dropsIn(correct, m -> true, PbMessage.WrongServer.class)));
  }

  @Test
  void aPrimaryThatDropsTheClientReplyIsCaught() {
    assertCaught(
        "ServerSteps",
        "did not reply after the backup's answer",
        plantedServers(
            "servers that drop the reply after the backup's answer",
            correct ->
                dropsIn(
                    correct,
                    m -> m instanceof PbMessage.ForwardReply,
                    PbMessage.ClientReply.class)));
  }

  @Test
  void aPrimaryThatDoesNotPingAfterTheTransferAckIsCaught() {
    assertDelayCaught(
        "did not acknowledge view",
        plantedServers(
            "servers that wait for the ping tick after the backup's ack",
            correct ->
                dropsIn(
                    correct, m -> m instanceof PbMessage.StateTransferAck, PbMessage.Ping.class)));
  }

  @Test
  void aPrimaryThatDoesNotForwardIsCaught() {
    assertCaught(
        "ServerSteps",
        "without forwarding it",
        plantedServers(
            "servers that start an operation without forwarding it (the retry does)",
            correct -> dropsIn(correct, m -> m instanceof ClientRequest, PbMessage.Forward.class)));
  }

  @Test
  void aBackupThatDropsAForwardIsCaught() {
    assertCaught(
        "ServerSteps",
        "after a forward of view",
        plantedServers(
            "backups that answer no forward (the primary's retry re-sends it)",
            correct -> dropsIn(correct, m -> true, PbMessage.ForwardReply.class)));
  }

  @Test
  void aPrimaryThatQueuesWithoutStartingIsCaught() {
    assertDelayCaught(
        "is free but left",
        plantedServers(
            "primaries that queue a request and leave it for the next reply to start",
            correct ->
                new ServerDelegate(correct) {
                  @Override
                  public void onMessage(
                      PbServerState s, NodeId from, PbMessage m, Effects<PbMessage, PbTimer> out) {
                    if (m instanceof ClientRequest r
                        && s.view.isPrimary(out.self())
                        && s.transferDone
                        && s.pending == null
                        && s.queue.isEmpty()) {
                      s.queue.add(new Request(from, r.seq(), r.f(), r.key(), r.value()));
                      return; // no pump: the next ping's view reply or the retry starts it
                    }
                    correct.onMessage(s, from, m, out);
                  }
                }));
  }

  @Test
  void aServerThatWaitsForItsFirstPingTickIsCaught() {
    assertDelayCaught(
        "without pinging",
        plantedServers(
            "servers that do not ping as they boot",
            correct ->
                new ServerDelegate(correct) {
                  @Override
                  public PbServerState init(
                      NodeId self, Durable durable, Effects<PbMessage, PbTimer> out) {
                    return correct.init(self, durable, dropping(out, (to, m) -> true));
                  }
                }));
  }

  @Test
  void aPrimaryThatDoesNotAnswerARetryFromItsTableIsCaught() {
    assertCaught(
        "ServerSteps",
        "neither answered nor kept",
        lostReplies(),
        plantedServers(
            "primaries that answer a retried operation only once",
            correct ->
                new ServerDelegate(correct) {
                  @Override
                  public void onMessage(
                      PbServerState s, NodeId from, PbMessage m, Effects<PbMessage, PbTimer> out) {
                    boolean retry =
                        m instanceof ClientRequest r
                            && s.sessions.outputOf(from.name(), r.seq()) != null;
                    correct.onMessage(s, from, m, retry ? dropping(out, (to, x) -> true) : out);
                  }
                }));
  }

  // ------------------------------------------------------------------ helpers

  /** The planted run fails {@code property} with {@code detail} in its message. */
  private static void assertCaught(String property, String detail, PlantedSpec planted) {
    assertCaught(property, detail, planted.on(plan(true)));
  }

  /** The planted run of {@code plan} fails {@code property} with {@code detail} in its message. */
  private static void assertCaught(
      String property, String detail, RunPlan plan, PlantedSpec planted) {
    assertCaught(property, detail, planted.on(plan));
  }

  private static void assertCaught(String property, String detail, RunPlan planted) {
    ClusterRun.Result r = ClusterRun.run(planted);
    assertEquals(property, r.property(), r.message());
    assertTrue(r.message().contains(detail), r.message());
  }

  /** A delay only: every other check passes it; the server step rule fails it. */
  private static void assertDelayCaught(String detail, PlantedSpec planted) {
    ClusterRun.Result without = ClusterRun.run(planted.on(plan(false)));
    assertNull(without.property(), "only a delay without the step rules: " + without.message());
    assertCaught("ServerSteps", detail, planted);
  }

  private static PlantedSpec planted(
      String description, java.util.function.Consumer<TreeMap<NodeId, Protocol<?, ?, ?>>> plant) {
    return new PlantedSpec(new PbSpec(), description, (nodes, servers) -> plant.accept(nodes));
  }

  private static PlantedSpec plantedServers(
      String description,
      Function<
              Protocol<PbServerState, PbMessage, PbTimer>,
              Protocol<PbServerState, PbMessage, PbTimer>>
          plant) {
    return new PlantedSpec(
        new PbSpec(),
        description,
        (nodes, servers) -> {
          for (NodeId s : servers) {
            nodes.put(s, plant.apply(new PbServer(PbConfig.DEFAULT, null, VS)));
          }
        });
  }

  /**
   * A correct server, except that in a step on a message {@code on} accepts it drops sends of
   * {@code type}.
   */
  private static ServerDelegate dropsIn(
      Protocol<PbServerState, PbMessage, PbTimer> correct,
      java.util.function.Predicate<PbMessage> on,
      Class<? extends PbMessage> type) {
    return new ServerDelegate(correct) {
      @Override
      public void onMessage(
          PbServerState s, NodeId from, PbMessage m, Effects<PbMessage, PbTimer> out) {
        Effects<PbMessage, PbTimer> effects =
            on.test(m) ? dropping(out, (to, sent) -> type.isInstance(sent)) : out;
        correct.onMessage(s, from, m, effects);
      }
    };
  }

  private static Effects<PbMessage, PbTimer> dropping(
      Effects<PbMessage, PbTimer> out, BiPredicate<NodeId, PbMessage> drop) {
    return new FilteredEffects<>(out, (to, m) -> !drop.test(to, m), (key, value) -> true);
  }

  /** A planted view server: the correct one, except in what a test's subclass overrides. */
  static class VsDelegate
      implements dev.faultline.protocols.common.Delegating<ViewServerState, PbMessage, PbTimer> {
    final Protocol<ViewServerState, PbMessage, PbTimer> correct;

    VsDelegate(Protocol<ViewServerState, PbMessage, PbTimer> correct) {
      this.correct = correct;
    }

    @Override
    public Protocol<ViewServerState, PbMessage, PbTimer> correct() {
      return correct;
    }
  }

  private static List<NodeId> servers() {
    return List.of(S1, NodeId.of("s2"), NodeId.of("s3"));
  }

  /**
   * 3 servers, 2 clients with 12 operations each from tick 200 on, 60 ticks apart; the primary
   * restarts at tick 600 (its clients meet it in a view it no longer serves), faults end at 1,200;
   * reliable network.
   */
  /**
   * {@link #plan(boolean)} with the step rules, where the network also loses the next message from
   * each server to c1 at tick 300, so c1 retries an operation the primary has executed.
   */
  private static RunPlan lostReplies() {
    RunPlan p = plan(true);
    List<ScheduledFault> faults = new java.util.ArrayList<>(p.faults());
    for (NodeId s : servers()) {
      faults.add(new ScheduledFault(300, new Fault.DropMessages(s, NodeId.of("c1"), 1)));
    }
    faults.sort(java.util.Comparator.comparingLong(ScheduledFault::tick));
    return new RunPlan(
        p.spec(),
        p.params(),
        p.name(),
        p.seed(),
        p.network(),
        p.clock(),
        faults,
        p.durationTicks(),
        p.stabilizeTicks(),
        p.maxEvents());
  }

  private static RunPlan plan(boolean steps) {
    return plan(steps, true);
  }

  /**
   * As {@link #plan(boolean)}, with the primary left down until the faults end unless {@code back}.
   */
  private static RunPlan plan(boolean steps, boolean back) {
    TreeMap<String, String> options = new TreeMap<>();
    if (steps) {
      options.put(PbStepInvariants.OPTION, "true");
    }
    List<ScheduledFault> faults =
        back
            ? List.of(
                new ScheduledFault(600, new Fault.CrashRole(Annotations.Roles.PRIMARY)),
                new ScheduledFault(610, new Fault.RestartLastCrashed()))
            : List.of(new ScheduledFault(600, new Fault.CrashRole(Annotations.Roles.PRIMARY)));
    return RunPlan.of(
        new PbSpec(),
        3,
        null,
        SettledLatencyCase.workload(2, 12, 200, 60),
        options,
        7,
        NetworkConfig.RELIABLE,
        faults,
        1_200,
        3_000);
  }
}
