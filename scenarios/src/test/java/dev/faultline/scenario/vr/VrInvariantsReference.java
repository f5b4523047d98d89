package dev.faultline.scenario.vr;

import dev.faultline.protocols.vr.VrClientState;
import dev.faultline.protocols.vr.VrOp;
import dev.faultline.protocols.vr.VrState;
import dev.faultline.protocols.vr.VrStatus;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The full-scan versions of VR's CommittedPrefix, ExactlyOnce and AckedOpsKept (every replica's
 * whole (committed) log after every event), as they were before they became incremental: the
 * reference {@link VrInvariantsIncrementalTest} compares the incremental ones with, message for
 * message.
 */
final class VrInvariantsReference {
  private VrInvariantsReference() {}

  /** The live, non-recovering replicas, in node order. */
  static List<VrState> replicas(SystemView view, List<NodeId> servers) {
    List<VrState> out = new ArrayList<>();
    for (NodeId n : servers) {
      VrState s = view.stateAs(n, VrState.class);
      if (s != null && s.status() != VrStatus.RECOVERING) {
        out.add(s);
      }
    }
    return out;
  }

  static final class CommittedPrefix implements Invariant {
    private final List<NodeId> servers;
    private final ArrayList<VrOp> canonical = new ArrayList<>();
    private final TreeMap<Integer, NodeId> committedBy = new TreeMap<>();

    CommittedPrefix(List<NodeId> servers) {
      this.servers = servers;
    }

    @Override
    public String name() {
      return "CommittedPrefix";
    }

    @Override
    public String check(SystemView view) {
      for (VrState s : replicas(view, servers)) {
        List<VrOp> log = s.log();
        int upTo = (int) Math.min(s.commit(), log.size());
        for (int i = 0; i < upTo; i++) {
          VrOp op = log.get(i);
          if (i == canonical.size()) {
            canonical.add(op);
            committedBy.put(i, s.self());
          } else if (!canonical.get(i).equals(op)) {
            return s.self()
                + " holds "
                + op
                + " as committed op "
                + (i + 1)
                + " (view "
                + s.view()
                + "), but "
                + committedBy.get(i)
                + " committed "
                + canonical.get(i)
                + " there";
          }
        }
      }
      return null;
    }
  }

  static final class ExactlyOnce implements Invariant {
    private final List<NodeId> servers;

    ExactlyOnce(List<NodeId> servers) {
      this.servers = servers;
    }

    @Override
    public String name() {
      return "ExactlyOnce";
    }

    @Override
    public String check(SystemView view) {
      for (VrState s : replicas(view, servers)) {
        List<VrOp> log = s.log();
        int upTo = (int) Math.min(s.commit(), log.size());
        List<NodeId> clients = new ArrayList<>(4);
        long[] highest = new long[4];
        for (int i = 0; i < upTo; i++) {
          VrOp op = log.get(i);
          int c = clients.indexOf(op.client());
          if (c < 0) {
            clients.add(op.client());
            if (clients.size() > highest.length) {
              highest = java.util.Arrays.copyOf(highest, 2 * highest.length);
            }
            highest[clients.size() - 1] = op.requestNumber();
          } else if (op.requestNumber() > highest[c]) {
            highest[c] = op.requestNumber();
          } else if (repeats(log, i)) {
            return s.self()
                + " committed request #"
                + op.requestNumber()
                + " of "
                + op.client()
                + " twice (again at op "
                + (i + 1)
                + ")";
          }
        }
      }
      return null;
    }

    private static boolean repeats(List<VrOp> log, int i) {
      VrOp op = log.get(i);
      for (int j = 0; j < i; j++) {
        if (log.get(j).client().equals(op.client())
            && log.get(j).requestNumber() == op.requestNumber()) {
          return true;
        }
      }
      return false;
    }
  }

  /** AckedOpsKept with every replica's log searched from its end for every acknowledged request. */
  static final class AckedOpsKept implements Invariant {
    private final List<NodeId> servers;
    private final List<NodeId> clients;

    AckedOpsKept(List<NodeId> servers, List<NodeId> clients) {
      this.servers = servers;
      this.clients = clients;
    }

    @Override
    public String name() {
      return "AckedOpsKept";
    }

    @Override
    public String check(SystemView view) {
      int allowed = servers.size() - (servers.size() / 2 + 1);
      List<VrState> replicas = replicas(view, servers);
      for (NodeId c : clients) {
        VrClientState cs = view.stateAs(c, VrClientState.class);
        if (cs == null || cs.acked() == 0) {
          continue;
        }
        List<NodeId> lacking = new ArrayList<>();
        for (VrState s : replicas) {
          if (!holds(s.log(), c, cs.acked())) {
            lacking.add(s.self());
          }
        }
        if (lacking.size() > allowed) {
          return c
              + "'s request #"
              + cs.acked()
              + " was acknowledged, but "
              + lacking
              + " lack it: a quorum could start a view without it";
        }
      }
      return null;
    }

    private static boolean holds(List<VrOp> log, NodeId client, long requestNumber) {
      for (int i = log.size() - 1; i >= 0; i--) {
        if (log.get(i).client().equals(client) && log.get(i).requestNumber() == requestNumber) {
          return true;
        }
      }
      return false;
    }
  }
}
