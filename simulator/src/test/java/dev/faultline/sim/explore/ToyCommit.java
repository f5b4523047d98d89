package dev.faultline.sim.explore;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.api.Timer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A toy two-phase commit for developing the explorer: s1 coordinates, s2 votes yes, s3 votes no, so
 * the only correct outcome is abort. Variant C1 commits on the first yes vote (the planted bug).
 * Participants persist their vote, the coordinator its decision; a timeout aborts.
 */
final class ToyCommit implements ClusterSpec {
  static final NodeId COORDINATOR = NodeId.of("s1");

  sealed interface Msg extends Message {}

  record Prepare() implements Msg {}

  record Vote(boolean yes) implements Msg {}

  record Decision(boolean commit) implements Msg {}

  sealed interface Tmr extends Timer {}

  record Timeout() implements Tmr {}

  record Saved(Boolean vote, Boolean decision) implements Durable {}

  static final class State implements NodeState<State> {
    final TreeMap<NodeId, Boolean> votes = new TreeMap<>();
    Boolean vote; // participant: its vote once cast
    Boolean decision; // coordinator: decided; participant: learned

    @Override
    public State copy() {
      State s = new State();
      s.votes.putAll(votes);
      s.vote = vote;
      s.decision = decision;
      return s;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, votes);
      Fingerprints.put(sink, vote);
      Fingerprints.put(sink, decision);
    }
  }

  static final class Node implements Protocol<State, Msg, Tmr> {
    private final boolean buggy;
    private final boolean votesYes;
    private final List<NodeId> participants;

    Node(boolean buggy, boolean votesYes, List<NodeId> participants) {
      this.buggy = buggy;
      this.votesYes = votesYes;
      this.participants = participants;
    }

    @Override
    public State init(NodeId self, Durable durable, Effects<Msg, Tmr> out) {
      State s = new State();
      if (durable instanceof Saved saved) {
        s.vote = saved.vote();
        s.decision = saved.decision();
      }
      if (self.equals(COORDINATOR)) {
        if (s.decision != null) {
          out.broadcast(participants, new Decision(s.decision));
        } else {
          out.broadcast(participants, new Prepare());
          out.setTimer(new Timeout(), 10, 20);
        }
      }
      return s;
    }

    @Override
    public void onMessage(State s, NodeId from, Msg m, Effects<Msg, Tmr> out) {
      switch (m) {
        case Prepare p -> {
          if (s.vote == null) {
            s.vote = votesYes;
            out.persist(new Saved(s.vote, null));
          }
          out.send(from, new Vote(s.vote));
        }
        case Vote v -> {
          if (s.decision != null) {
            return;
          }
          s.votes.put(from, v.yes());
          if (buggy && v.yes()) {
            decide(s, true, out); // C1: one yes is taken for all
          } else if (!v.yes()) {
            decide(s, false, out);
          } else if (s.votes.size() == participants.size()) {
            decide(s, true, out);
          }
        }
        case Decision d -> s.decision = d.commit();
      }
    }

    private void decide(State s, boolean commit, Effects<Msg, Tmr> out) {
      s.decision = commit;
      out.persist(new Saved(null, commit));
      out.cancelTimer(new Timeout());
      out.broadcast(participants, new Decision(commit));
    }

    @Override
    public void onTimer(State s, Tmr t, Effects<Msg, Tmr> out) {
      switch (t) {
        case Timeout x -> {
          if (s.decision == null) {
            decide(s, false, out);
          }
        }
      }
    }
  }

  /** Nobody commits when a participant voted no, and nobody learns a different outcome. */
  static final class Agreement implements Invariant {
    @Override
    public String name() {
      return "Agreement";
    }

    @Override
    public String check(SystemView view) {
      Boolean seen = null;
      for (NodeId id : view.nodes()) {
        State s = view.stateAs(id, State.class);
        Boolean decision = s == null ? null : s.decision;
        if (decision == null && view.durable(id) instanceof Saved saved) {
          decision = saved.decision();
        }
        if (decision == null) {
          continue;
        }
        if (seen != null && !seen.equals(decision)) {
          return "nodes disagree: " + id + " has " + decision;
        }
        seen = decision;
        if (decision && !id.equals(COORDINATOR) && s != null && Boolean.FALSE.equals(s.vote)) {
          return id + " voted no but learned commit";
        }
      }
      return null;
    }
  }

  @Override
  public String name() {
    return "toy-commit";
  }

  @Override
  public String description() {
    return "toy two-phase commit (explorer tests)";
  }

  @Override
  public List<BugVariant> variants() {
    return List.of(new BugVariant("C1", "commit on the first yes vote", "Agreement"));
  }

  @Override
  public Cluster build(ClusterParams params) {
    boolean buggy = "C1".equals(params.variant());
    List<NodeId> servers = serverIds(params.servers());
    List<NodeId> participants = servers.subList(1, servers.size());
    Map<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    for (NodeId id : servers) {
      // The last participant votes no; everyone else votes yes.
      boolean yes = !id.equals(servers.getLast());
      nodes.put(id, new Node(buggy, yes, participants));
    }
    return new Cluster(new TreeMap<>(nodes), servers, List.of(), List.of(new Agreement()));
  }

  static ClusterParams params(int servers, String variant) {
    return new ClusterParams(servers, variant, List.of(), new TreeMap<>());
  }
}
