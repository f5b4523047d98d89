package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The ALWAYS properties of primary/backup, checked after every event. */
public final class PbInvariants {
  private PbInvariants() {}

  /**
   * Fresh instances for one run with these options: the step rules too when {@code checkSteps=true}
   * ({@link PbStepInvariants}).
   */
  public static List<Invariant> all(
      NodeId viewServer, List<NodeId> servers, List<NodeId> clients, Map<String, String> options) {
    List<Invariant> all = all(viewServer, servers, clients);
    if (!PbStepInvariants.requested(options)) {
      return all;
    }
    List<Invariant> withSteps = new ArrayList<>(all);
    withSteps.addAll(PbStepInvariants.all(viewServer, servers));
    return withSteps;
  }

  /** Fresh instances for one run. */
  public static List<Invariant> all(NodeId viewServer, List<NodeId> servers, List<NodeId> clients) {
    return List.of(
        new OnePrimaryPerView(viewServer, servers),
        new PrimaryFromPreviousView(viewServer),
        new NoUnackedViewSkip(viewServer),
        new BackupHasAckedWrites(viewServer, servers, clients),
        new TransferReachedBackup(servers));
  }

  /**
   * How far an invariant has read the view server's ghost log of view changes. The log only grows
   * (one append per view change), so a check reads only the changes appended since the last one; a
   * different list (a restarted view server, the explorer's copy of a state) is read from the
   * start. {@code PbInvariantsReference} in the tests keeps the full scans, and a differential test
   * compares the two on fuzzed runs of every variant.
   */
  static final class ChangesRead {
    private List<ViewServerState.ViewChange> list;
    private int upTo;

    /** The first change to read in {@code vs}; -1 when it starts over (a different list). */
    int from(ViewServerState vs) {
      if (vs.changes != list || vs.changes.size() < upTo) {
        list = vs.changes;
        upTo = 0;
        return -1;
      }
      return upTo;
    }

    void forget() {
      list = null;
      upTo = 0;
    }

    /** Everything below {@code index} has been read (and holds). */
    void readUpTo(int index) {
      upTo = index;
    }
  }

  /**
   * At most one server acts as primary of a given view number: no two live servers claim the same
   * view, and each claim matches the view server's record of that view. Its verdict depends only on
   * node state (including the view server's ghost log; what it keeps is that log's view-to-primary
   * map, read incrementally), so it is also sound under the explorer.
   */
  public static final class OnePrimaryPerView implements Invariant {
    private final NodeId viewServer;
    private final List<NodeId> servers;
    private final TreeMap<Long, NodeId> issued = new TreeMap<>(); // of the changes read
    private final ChangesRead read = new ChangesRead();
    // Per server (in order), within one check: whether it acts as primary, and of which view.
    private final boolean[] claims;
    private final long[] claimedViews;

    public OnePrimaryPerView(NodeId viewServer, List<NodeId> servers) {
      this.viewServer = viewServer;
      this.servers = List.copyOf(servers);
      this.claims = new boolean[servers.size()];
      this.claimedViews = new long[servers.size()];
    }

    @Override
    public String name() {
      return "OnePrimaryPerView";
    }

    @Override
    public String check(SystemView sv) {
      ViewServerState vs = sv.stateAs(viewServer, ViewServerState.class);
      if (vs == null) {
        issued.clear(); // a crashed view server's log is read from the start when it is back
        read.forget();
      } else {
        int from = read.from(vs);
        if (from < 0) {
          issued.clear();
          from = 0;
        }
        for (int i = from; i < vs.changes.size(); i++) {
          ViewServerState.ViewChange c = vs.changes.get(i);
          issued.put(c.to().num(), c.to().primary());
        }
        read.readUpTo(vs.changes.size());
      }
      for (int i = 0; i < servers.size(); i++) {
        NodeId n = servers.get(i);
        PbServerState s = sv.stateAs(n, PbServerState.class);
        claims[i] = s != null && s.view().isPrimary(n);
        if (!claims[i]) {
          continue;
        }
        long v = s.view().num();
        claimedViews[i] = v;
        NodeId other = firstClaimOf(v, i);
        if (other != null) {
          return n + " and " + other + " both act as primary of view " + v;
        }
        NodeId official = issued.get(v);
        if (official != null && !official.equals(n)) {
          return n + " acts as primary of view " + v + ", whose primary is " + official;
        }
      }
      return null;
    }

    /** The first of servers {@code 0..before-1} that acts as primary of view {@code v}, or null. */
    private NodeId firstClaimOf(long v, int before) {
      for (int j = 0; j < before; j++) {
        if (claims[j] && claimedViews[j] == v) {
          return servers.get(j);
        }
      }
      return null;
    }

    @Override
    public boolean resetForReuse() {
      issued.clear();
      read.forget();
      return true; // claims and claimedViews are written before they are read in every check
    }
  }

  /** The primary of view i+1 was the primary or the backup of view i (from the view server). */
  public static final class PrimaryFromPreviousView implements Invariant {
    private final NodeId viewServer;
    private final ChangesRead read = new ChangesRead();

    public PrimaryFromPreviousView(NodeId viewServer) {
      this.viewServer = viewServer;
    }

    @Override
    public String name() {
      return "PrimaryFromPreviousView";
    }

    @Override
    public String check(SystemView sv) {
      ViewServerState vs = sv.stateAs(viewServer, ViewServerState.class);
      if (vs == null) {
        return null;
      }
      for (int i = Math.max(0, read.from(vs)); i < vs.changes.size(); i++) {
        read.readUpTo(i);
        ViewServerState.ViewChange c = vs.changes.get(i);
        View from = c.from();
        View to = c.to();
        if (to.num() != from.num() + 1) {
          return "view " + to + " follows view " + from + ": numbers must go up by one";
        }
        if (from.num() > 0
            && !to.primary().equals(from.primary())
            && !to.primary().equals(from.backup())) {
          return "primary "
              + to.primary()
              + " of view "
              + to
              + " was neither primary nor backup"
              + " of view "
              + from;
        }
      }
      read.readUpTo(vs.changes.size());
      return null;
    }

    @Override
    public boolean resetForReuse() {
      read.forget();
      return true;
    }
  }

  /** The view server never leaves a view its primary has not acknowledged. */
  public static final class NoUnackedViewSkip implements Invariant {
    private final NodeId viewServer;
    private final ChangesRead read = new ChangesRead();

    public NoUnackedViewSkip(NodeId viewServer) {
      this.viewServer = viewServer;
    }

    @Override
    public String name() {
      return "NoUnackedViewSkip";
    }

    @Override
    public String check(SystemView sv) {
      ViewServerState vs = sv.stateAs(viewServer, ViewServerState.class);
      if (vs == null) {
        return null;
      }
      for (int i = Math.max(0, read.from(vs)); i < vs.changes.size(); i++) {
        read.readUpTo(i);
        ViewServerState.ViewChange c = vs.changes.get(i);
        if (!c.fromAcked()) {
          return "view server moved from "
              + c.from()
              + " to "
              + c.to()
              + " although "
              + c.from().primary()
              + " never acknowledged view "
              + c.from().num();
        }
      }
      read.readUpTo(vs.changes.size());
      return null;
    }

    @Override
    public boolean resetForReuse() {
      read.forget();
      return true;
    }
  }

  /**
   * A backup that has installed the current view's snapshot holds every write any client has seen
   * acknowledged (by sequence number in its at-most-once table: clients run one op at a time, so
   * "seq n executed" covers every earlier op of that client). A later failover can only promote
   * this backup, so a missing write here is a lost write waiting to be read.
   */
  public static final class BackupHasAckedWrites implements Invariant {
    private final NodeId viewServer;
    private final List<NodeId> servers;
    private final List<NodeId> clients;

    public BackupHasAckedWrites(NodeId viewServer, List<NodeId> servers, List<NodeId> clients) {
      this.viewServer = viewServer;
      this.servers = List.copyOf(servers);
      this.clients = List.copyOf(clients);
    }

    @Override
    public String name() {
      return "BackupHasAckedWrites";
    }

    @Override
    public boolean resetForReuse() {
      return true; // keeps nothing between checks
    }

    @Override
    public String check(SystemView sv) {
      ViewServerState vs = sv.stateAs(viewServer, ViewServerState.class);
      if (vs == null || vs.halted()) {
        return null;
      }
      long current = vs.view().num();
      for (NodeId n : servers) {
        PbServerState s = sv.stateAs(n, PbServerState.class);
        if (s == null
            || s.view().num() != current
            || !s.view().isBackup(n)
            || s.installedViewNum() != current) {
          continue;
        }
        for (NodeId c : clients) {
          PbClientState cs = sv.stateAs(c, PbClientState.class);
          if (cs == null || cs.ackedWriteSeq() == 0) {
            continue;
          }
          if (!s.sessions().alreadyExecuted(c.name(), cs.ackedWriteSeq())) {
            return "backup "
                + n
                + " of view "
                + s.view()
                + " lacks "
                + c
                + "'s acknowledged write #"
                + cs.ackedWriteSeq();
          }
        }
      }
      return null;
    }
  }

  /**
   * A primary that counts its state transfer as done addressed it to a life of its backup that
   * installed the view's snapshot: while that life is up, its installed view is at least the
   * primary's. The ack must come from the life the snapshot was addressed to; a primary that takes
   * an ack from the backup's earlier life (delayed across a reboot, after the view server reported
   * the new life) would serve with a backup that lacks the state. Node state only, so sound under
   * the explorer.
   */
  public static final class TransferReachedBackup implements Invariant {
    private final List<NodeId> servers;

    public TransferReachedBackup(List<NodeId> servers) {
      this.servers = List.copyOf(servers);
    }

    @Override
    public String name() {
      return "TransferReachedBackup";
    }

    @Override
    public boolean resetForReuse() {
      return true; // keeps nothing between checks
    }

    @Override
    public String check(SystemView sv) {
      for (NodeId n : servers) {
        PbServerState p = sv.stateAs(n, PbServerState.class);
        if (p == null || !p.view.isPrimary(n) || p.view.backup() == null || !p.transferDone) {
          continue;
        }
        PbServerState b = sv.stateAs(p.view.backup(), PbServerState.class);
        if (b != null
            && b.incarnation == p.backupIncarnation
            && b.installedViewNum < p.view.num()) {
          return "primary "
              + n
              + " of view "
              + p.view
              + " counts its state transfer as done, but backup "
              + p.view.backup()
              + " (life "
              + b.incarnation
              + ") installed only view "
              + b.installedViewNum;
        }
      }
      return null;
    }
  }
}
