package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.SkipWhileUnchanged;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The ALWAYS properties of Grove, checked after every event. All but {@link NoReadAfterEpochEnded}
 * read only node state and disks (ghost fields included), so they also hold under the explorer.
 */
public final class GroveInvariants {
  private GroveInvariants() {}

  /**
   * Fresh instances for one run. All but {@link NoReadAfterEpochEnded} (which remembers read counts
   * between events) read only the replicas' and the config service's states and disks, and {@link
   * #ackedWritesKept} the clients' too, so each is skipped while none of those changed.
   */
  public static List<Invariant> all(
      NodeId configService, List<NodeId> servers, List<NodeId> clients) {
    List<NodeId> replicas = new ArrayList<>(servers);
    replicas.add(configService);
    List<NodeId> everyone = new ArrayList<>(replicas);
    everyone.addAll(clients);
    ReplicaReader reader = new ReplicaReader(servers); // shared: each view built once per change
    return List.of(
        skip(
            new ReplicaCheck("CommitWithinLog", reader, GroveInvariants::commitWithinLog),
            replicas),
        skip(
            new ReplicaCheck("SealedAcceptsNothing", reader, GroveInvariants::sealedAcceptsNothing),
            replicas),
        skip(new ReplicaCheck("EpochMonotonic", reader, GroveInvariants::epochMonotonic), replicas),
        skip(
            new ReplicaCheck("LeaseForOwnEpoch", reader, GroveInvariants::leaseForOwnEpoch),
            replicas),
        skip(
            new ClusterCheck("OnePrimaryPerEpoch", reader, (v, rs) -> onePrimaryPerEpoch(rs)),
            replicas),
        skip(
            new ClusterCheck(
                "PrimaryOnlyInActiveEpoch",
                reader,
                (v, rs) -> primaryOnlyInActiveEpoch(ReplicaView.activeEpoch(v, configService), rs)),
            replicas),
        skip(
            new ClusterCheck(
                "CommittedOnEveryReplica", reader, GroveInvariants::committedOnEveryReplica),
            replicas),
        skip(new LogsAgree(reader), replicas),
        skip(
            new ClusterCheck(
                "AckedWritesKept",
                reader,
                (v, rs) ->
                    ackedWritesKept(v, ReplicaView.activeEpoch(v, configService), rs, clients)),
            everyone),
        new NoReadAfterEpochEnded(configService, servers));
  }

  private static Invariant skip(Invariant rule, List<NodeId> inputs) {
    return SkipWhileUnchanged.of(rule, inputs);
  }

  /**
   * LogsAgree as a full scan after every event (every replica's whole log against its epoch's
   * longest), as it was before {@link LogsAgree} became incremental: the reference the differential
   * test compares it with.
   */
  public static Invariant logsAgreeFullScan(List<NodeId> servers) {
    return new ClusterCheck("LogsAgree", servers, (v, rs) -> logsAgree(rs));
  }

  /** A check of one replica at a time. */
  private interface PerReplica {
    String check(ReplicaView r);
  }

  /** A check over every replica at once. */
  private interface PerCluster {
    String check(SystemView view, List<ReplicaView> replicas);
  }

  private record ReplicaCheck(String name, ReplicaReader servers, PerReplica rule)
      implements Invariant {
    ReplicaCheck(String name, List<NodeId> servers, PerReplica rule) {
      this(name, new ReplicaReader(servers), rule);
    }

    @Override
    public String check(SystemView view) {
      for (int k = 0; k < servers.size(); k++) {
        ReplicaView r = servers.read(view, k);
        String broken = r == null ? null : rule.check(r);
        if (broken != null) {
          return broken;
        }
      }
      return null;
    }
  }

  private record ClusterCheck(String name, ReplicaReader servers, PerCluster rule)
      implements Invariant {
    ClusterCheck(String name, List<NodeId> servers, PerCluster rule) {
      this(name, new ReplicaReader(servers), rule);
    }

    @Override
    public String check(SystemView view) {
      List<ReplicaView> rs = new ArrayList<>(servers.size());
      for (int k = 0; k < servers.size(); k++) {
        ReplicaView r = servers.read(view, k);
        if (r != null) {
          rs.add(r);
        }
      }
      return rule.check(view, rs);
    }
  }

  /** "committed >= l" of the proof, the other way round: nothing is committed beyond the log. */
  static String commitWithinLog(ReplicaView r) {
    if (r.live() != null && r.live().committed > r.log().size()) {
      return r.id()
          + " has commit index "
          + r.live().committed
          + " past its log of "
          + r.log().size();
    }
    return null;
  }

  /** A server whose state GetState took (it is sealed) appends nothing more in that epoch. */
  static String sealedAcceptsNothing(ReplicaView r) {
    if (r.ghostSealedEpoch() == r.epoch() && r.log().size() > r.ghostSealedIndex()) {
      return r.id()
          + " was sealed in epoch "
          + r.epoch()
          + " at index "
          + r.ghostSealedIndex()
          + " but its log has grown to "
          + r.log().size();
    }
    return null;
  }

  static String epochMonotonic(ReplicaView r) {
    if (r.epoch() < r.ghostMaxEpoch()) {
      return r.id() + " went back to epoch " + r.epoch() + " after epoch " + r.ghostMaxEpoch();
    }
    return null;
  }

  static String leaseForOwnEpoch(ReplicaView r) {
    ReplicaState s = r.live();
    if (s != null && s.leaseValid && s.leaseEpoch != s.epoch) {
      return r.id() + " in epoch " + s.epoch + " holds a lease of epoch " + s.leaseEpoch;
    }
    return null;
  }

  static String onePrimaryPerEpoch(List<ReplicaView> rs) {
    TreeMap<Long, NodeId> primaries = new TreeMap<>();
    for (ReplicaView r : rs) {
      if (r.live() != null && r.live().isPrimary) {
        NodeId other = primaries.putIfAbsent(r.epoch(), r.id());
        if (other != null) {
          return other + " and " + r.id() + " both accept writes in epoch " + r.epoch();
        }
      }
    }
    return null;
  }

  static String primaryOnlyInActiveEpoch(long active, List<ReplicaView> rs) {
    for (ReplicaView r : rs) {
      if (r.live() != null && r.live().isPrimary && r.epoch() > active) {
        return r.id()
            + " accepts writes in epoch "
            + r.epoch()
            + " before the config service activated it (active: "
            + active
            + ")";
      }
    }
    return null;
  }

  /** Every op a primary counts as committed is on every server of its epoch. */
  static String committedOnEveryReplica(SystemView view, List<ReplicaView> rs) {
    for (ReplicaView p : rs) {
      if (p.live() == null || !p.live().isPrimary) {
        continue;
      }
      for (ReplicaView b : rs) {
        if (b != p
            && b.epoch() == p.epoch()
            && p.live().servers.contains(b.id())
            && b.log().size() < p.live().committed) {
          return p.id()
              + " committed "
              + p.live().committed
              + " ops of epoch "
              + p.epoch()
              + " but "
              + b.id()
              + " holds only "
              + b.log().size();
        }
      }
    }
    return null;
  }

  /**
   * Replicas of one epoch agree on their common prefix (logs only grow, all from one primary):
   * every log of an epoch is a prefix of that epoch's longest. The full scan, which also words the
   * violation: {@link LogsAgree} calls it only once its incremental check found a disagreement.
   */
  static String logsAgree(List<ReplicaView> rs) {
    TreeMap<Long, ReplicaView> longest = new TreeMap<>();
    for (ReplicaView r : rs) {
      longest.merge(r.epoch(), r, (a, b) -> a.log().size() >= b.log().size() ? a : b);
    }
    for (ReplicaView r : rs) {
      ReplicaView ref = longest.get(r.epoch());
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

  /** Every replica of the active epoch holds every write a client saw acknowledged. */
  static String ackedWritesKept(
      SystemView view, long active, List<ReplicaView> rs, List<NodeId> clients) {
    for (NodeId c : clients) {
      GroveClientState cs = view.stateAs(c, GroveClientState.class);
      if (cs == null || cs.ackedWriteSeq() == 0) {
        continue;
      }
      for (ReplicaView r : rs) {
        if (r.epoch() == active && active > 0 && !r.hasRun(view, c.name(), cs.ackedWriteSeq())) {
          return r.id()
              + " of the active epoch "
              + active
              + " lacks "
              + c
              + "'s acknowledged write #"
              + cs.ackedWriteSeq();
        }
      }
    }
    return null;
  }

  /**
   * The ghost check against true time: no replica serves a read under the lease of an epoch the
   * config service has already replaced (true time past the lease, by the simulator's clock). It
   * remembers each replica's read count between events: a transition property. The explorer shows
   * it the parent state first and, as it judges transitions, checks it on every step it takes, also
   * on steps into states seen before (the read counts are outside the states' identity).
   */
  public static final class NoReadAfterEpochEnded implements Invariant {
    private final NodeId configService;
    private final List<NodeId> servers;
    private final TreeMap<NodeId, Long> readsSeen = new TreeMap<>();

    NoReadAfterEpochEnded(NodeId configService, List<NodeId> servers) {
      this.configService = configService;
      this.servers = List.copyOf(servers);
    }

    @Override
    public String name() {
      return "NoReadAfterEpochEnded";
    }

    @Override
    public boolean judgesTransitions() {
      return true; // a read served is a lease-read count that grew in one event
    }

    @Override
    public String check(SystemView view) {
      long active = ReplicaView.activeEpoch(view, configService);
      for (NodeId n : servers) {
        ReplicaState s = view.stateAs(n, ReplicaState.class);
        long reads = s == null ? 0 : s.ghostLeaseReads;
        Long seen = readsSeen.put(n, reads);
        if (s != null && reads > (seen == null ? 0 : seen) && s.ghostLastLeaseReadEpoch < active) {
          return n
              + " served a read at tick "
              + view.tick()
              + " under a lease of epoch "
              + s.ghostLastLeaseReadEpoch
              + ", which ended when the config service activated epoch "
              + active;
        }
      }
      return null;
    }
  }
}
