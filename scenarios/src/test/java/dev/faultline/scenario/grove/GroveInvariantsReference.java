package dev.faultline.scenario.grove;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.grove.ReplicaDurable;
import dev.faultline.protocols.grove.ReplicaState;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The full-scan version of Grove's LogsAgree (every replica's whole log against its epoch's longest
 * after every event), as it was before it became incremental: the reference {@link
 * GroveInvariantsIncrementalTest} compares the incremental one with, message for message.
 */
final class GroveInvariantsReference {
  private GroveInvariantsReference() {}

  /** What the check reads of one replica: live state when up, else its disk. */
  private record Replica(NodeId id, long epoch, List<KvRequest> log) {}

  static final class LogsAgree implements Invariant {
    private final List<NodeId> servers;

    LogsAgree(List<NodeId> servers) {
      this.servers = List.copyOf(servers);
    }

    @Override
    public String name() {
      return "LogsAgree";
    }

    @Override
    public String check(SystemView view) {
      List<Replica> rs = new ArrayList<>();
      for (NodeId n : servers) {
        ReplicaState s = view.stateAs(n, ReplicaState.class);
        if (s != null) {
          rs.add(new Replica(n, s.epoch(), s.log()));
        } else if (view.durable(n) instanceof ReplicaDurable d) {
          rs.add(new Replica(n, d.epoch(), d.log()));
        }
      }
      TreeMap<Long, Replica> longest = new TreeMap<>();
      for (Replica r : rs) {
        longest.merge(r.epoch(), r, (a, b) -> a.log().size() >= b.log().size() ? a : b);
      }
      for (Replica r : rs) {
        Replica ref = longest.get(r.epoch());
        for (int i = r.log().size() - 1; i >= 0 && ref != r; i--) {
          if (!r.log().get(i).equals(ref.log().get(i))) {
            return r.id()
                + " and "
                + ref.id()
                + " hold different ops at index "
                + i
                + " of epoch "
                + r.epoch()
                + ": "
                + r.log().get(i)
                + " vs "
                + ref.log().get(i);
          }
        }
      }
      return null;
    }
  }
}
