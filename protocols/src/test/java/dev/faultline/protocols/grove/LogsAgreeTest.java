package dev.faultline.protocols.grove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.common.EndState;
import dev.faultline.protocols.common.KvRequest;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The incremental LogsAgree on hand-made steps of one run, each judged against the full scan: logs
 * that grow in place, a disagreement between logs of equal length, a log replaced by another list
 * (SetState), a crashed server read from its disk, and a server moving to another epoch.
 */
class LogsAgreeTest {
  private static final List<NodeId> SERVERS = ids("s1", "s2", "s3");

  private final LogsAgree incremental = new LogsAgree(SERVERS);
  private final ReplicaState s1 = replica(1, "a", "b");
  private final ReplicaState s2 = replica(1, "a");
  private final ReplicaState s3 = replica(1, "a", "b");

  @Test
  void agreesWithTheFullScanStepByStep() {
    EndState view = new EndState().up("s1", s1).up("s2", s2).up("s3", s3);
    assertNull(check(view));
    s2.log.add(op("b"));
    s1.log.add(op("c"));
    assertNull(check(view));
    s3.log.add(op("x")); // same length as s1's, another op at index 2
    assertBroken("s3 and s1 hold different ops at index 2 of epoch 1", check(view));
    s3.log = new ArrayList<>(s1.log); // SetState: another list, now agreeing
    assertNull(check(view));
    s2.log.add(op("y"));
    assertBroken("s2 and s1 hold different ops at index 2 of epoch 1", check(view));
  }

  @Test
  void aCrashedServerIsReadFromItsDiskAndAnotherEpochIsApart() {
    EndState view = new EndState().up("s1", s1).up("s2", s2).up("s3", s3);
    assertNull(check(view));
    EndState crashed = new EndState().up("s1", s1).up("s2", s2);
    crashed.disk("s3", replica(1, "a", "z").durable(true));
    assertBroken("s3 and s1 hold different ops at index 1 of epoch 1", check(crashed));
    ReplicaState moved = replica(2, "a", "z", "w");
    assertNull(check(new EndState().up("s1", s1).up("s2", s2).up("s3", moved)));
    s2.log.add(op("q"));
    assertBroken(
        "s2 and s1 hold different ops at index 1 of epoch 1",
        check(new EndState().up("s1", s1).up("s2", s2).up("s3", moved)));
  }

  private static void assertBroken(String start, String found) {
    assertTrue(found != null && found.startsWith(start + ": "), found);
  }

  /** The incremental verdict, after checking that the full scan gives the same. */
  private String check(EndState view) {
    String found = incremental.check(view);
    List<ReplicaView> rs = new ArrayList<>();
    for (NodeId n : SERVERS) {
      ReplicaView r = ReplicaView.at(view, n, view.nodes().indexOf(n));
      if (r != null) {
        rs.add(r);
      }
    }
    assertEquals(GroveInvariants.logsAgree(rs), found);
    return found;
  }

  private static ReplicaState replica(long epoch, String... ops) {
    ReplicaState s = new ReplicaState();
    s.epoch = epoch;
    s.servers = SERVERS;
    for (String o : ops) {
      s.log.add(op(o));
    }
    return s;
  }

  private static KvRequest op(String value) {
    return new KvRequest(NodeId.of("c1"), 1, "put", "k", value);
  }

  private static List<NodeId> ids(String... names) {
    return java.util.Arrays.stream(names).map(NodeId::of).toList();
  }
}
