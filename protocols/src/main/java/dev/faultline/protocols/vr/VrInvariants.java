package dev.faultline.protocols.vr;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The ALWAYS properties of VR, checked after every event (the anchors: TigerBeetle's state checker,
 * which keeps one canonical committed history, and the TLA+ analyses of VR Revisited). Recovering
 * replicas hold no state worth checking and are skipped.
 */
public final class VrInvariants {
  private VrInvariants() {}

  /** Fresh instances for one run. */
  public static List<Invariant> fresh(
      List<NodeId> servers, List<NodeId> clients, boolean durableView) {
    List<Invariant> all = new ArrayList<>();
    all.add(new CommitWithinLog(servers));
    all.add(new OnePrimary(servers));
    all.add(new CommittedPrefix(servers));
    all.add(new ExactlyOnce(servers));
    all.add(new AckedOpsKept(servers, clients));
    if (durableView) {
      all.add(new ViewMonotonic(servers));
    }
    return all;
  }

  /**
   * The live, non-recovering replicas of a view, in node order, read by the servers' positions in
   * {@code view.nodes()} (found once per node list): every invariant reads every server after every
   * event, and looking each up by id was a fifth of a 1,000-op fuzz seed's CPU.
   */
  static final class Replicas {
    private final List<NodeId> servers;
    private final ArrayList<VrState> live;
    private List<NodeId> nodes;
    private int[] positions;

    Replicas(List<NodeId> servers) {
      this.servers = servers;
      this.live = new ArrayList<>(servers.size());
    }

    /** The replicas now (the same list, refilled: valid until the next call). */
    List<VrState> of(SystemView view) {
      List<NodeId> now = view.nodes();
      if (now != nodes) {
        nodes = now;
        positions = servers.stream().mapToInt(now::indexOf).toArray();
      }
      live.clear();
      for (int p : positions) {
        if (p >= 0 && view.stateAt(p) instanceof VrState s && s.status != VrStatus.RECOVERING) {
          live.add(s);
        }
      }
      return live;
    }
  }

  /** An invariant over the replicas: its name, and a check of each live replica in node order. */
  abstract static class OverReplicas implements Invariant {
    final List<NodeId> servers;
    private final String name;
    private final Replicas replicas;

    OverReplicas(String name, List<NodeId> servers) {
      this.name = name;
      this.servers = List.copyOf(servers);
      this.replicas = new Replicas(this.servers);
    }

    /** The live, non-recovering replicas now, in node order (valid until the next call). */
    final List<VrState> replicas(SystemView view) {
      return replicas.of(view);
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public String check(SystemView view) {
      for (VrState s : replicas(view)) {
        String broken = check(view, s);
        if (broken != null) {
          return broken;
        }
      }
      return null;
    }

    /** Null if {@code s} keeps the property, else what broke. */
    String check(SystemView view, VrState s) {
      return null;
    }
  }

  /** Commit number <= op number on every replica. */
  static final class CommitWithinLog extends OverReplicas {
    CommitWithinLog(List<NodeId> servers) {
      super("CommitWithinLog", servers);
    }

    @Override
    String check(SystemView view, VrState s) {
      if (s.commit <= s.log.size()) {
        return null;
      }
      return s.self
          + " has commit number "
          + s.commit
          + " past its op number "
          + s.log.size()
          + " (view "
          + s.view
          + ")";
    }
  }

  /** At most one replica acts as primary (normal status, sending PREPAREs) in any view. */
  static final class OnePrimary extends OverReplicas {
    OnePrimary(List<NodeId> servers) {
      super("OnePrimary", servers);
    }

    @Override
    public String check(SystemView view) {
      TreeMap<Long, NodeId> primaries = new TreeMap<>();
      for (VrState s : replicas(view)) {
        if (!s.primary) {
          continue;
        }
        NodeId other = primaries.putIfAbsent(s.view, s.self);
        if (other != null) {
          return other + " and " + s.self + " both act as primary of view " + s.view;
        }
      }
      return null;
    }
  }

  /**
   * Per replica, how far its committed log is already checked: entries below {@code upTo} of the
   * same list, rewritten the same number of times ({@link VrState#logRewrites}), are unchanged
   * since they were checked, so a check starts at {@code upTo}. Any other list (a restart, the
   * explorer's copy, a replaced log) starts over at 0.
   */
  static class Checked {
    List<VrOp> log;
    long rewrites;
    int upTo;

    /** Where a check of {@code s} may start; resets the memory if the log is not the one seen. */
    int from(VrState s) {
      if (s.log != log || s.logRewrites != rewrites || s.log.size() < upTo) {
        log = s.log;
        rewrites = s.logRewrites;
        upTo = 0;
        reset();
      }
      return upTo;
    }

    /** Forgets what the subclass derived from the entries below {@code upTo}. */
    void reset() {}
  }

  /** The {@link Checked} slot of each server, by position in {@code servers}. */
  static <C extends Checked> C slot(
      List<NodeId> servers, C[] slots, VrState s, java.util.function.Supplier<C> fresh) {
    int i = servers.indexOf(s.self);
    if (slots[i] == null) {
      slots[i] = fresh.get();
    }
    return slots[i];
  }

  /**
   * Committed ops never diverge: one canonical committed history (op number to op), remembered over
   * the run; every replica's log up to its commit number must match it, so an op once committed at
   * some number is never replaced there. Incremental: each replica's log is compared from where the
   * last check of the same, unrewritten log stopped (the canonical history only grows, so what
   * matched it still does). {@code VrInvariantsReference} in the tests keeps the full scan, and a
   * differential test compares the two on fuzzed runs of every variant.
   */
  static final class CommittedPrefix extends OverReplicas {
    private final ArrayList<VrOp> canonical = new ArrayList<>();
    private final TreeMap<Integer, NodeId> committedBy = new TreeMap<>();
    private final Checked[] checked;

    CommittedPrefix(List<NodeId> servers) {
      super("CommittedPrefix", servers);
      checked = new Checked[servers.size()];
    }

    @Override
    public boolean judgesTransitions() {
      return true; // what was committed one event earlier counts too
    }

    @Override
    String check(SystemView view, VrState s) {
      Checked done = slot(servers, checked, s, Checked::new);
      int upTo = (int) Math.min(s.commit, s.log.size());
      for (int i = done.from(s); i < upTo; i++) {
        VrOp op = s.log.get(i);
        if (i == canonical.size()) {
          canonical.add(op);
          committedBy.put(i, s.self);
        } else if (!canonical.get(i).equals(op)) {
          done.upTo = i;
          return s.self
              + " holds "
              + op
              + " as committed op "
              + (i + 1)
              + " (view "
              + s.view
              + "), but "
              + committedBy.get(i)
              + " committed "
              + canonical.get(i)
              + " there";
        }
      }
      done.upTo = Math.max(done.upTo, upTo);
      return null;
    }
  }

  /**
   * No request (client, request number) appears twice in a replica's committed log. Checked after
   * every event, so without allocating per entry: a client's requests enter the log in request
   * order, so only an entry whose number is not above the client's highest so far can repeat one,
   * and only then are the earlier entries searched. Incremental as {@link CommittedPrefix}: each
   * replica keeps the clients' highest numbers over the entries already checked.
   */
  static final class ExactlyOnce extends OverReplicas {
    private final Highest[] checked;

    ExactlyOnce(List<NodeId> servers) {
      super("ExactlyOnce", servers);
      checked = new Highest[servers.size()];
    }

    /** Per client (in order of first appearance), its highest request number checked so far. */
    static final class Highest extends Checked {
      final List<NodeId> clients = new ArrayList<>(4);
      long[] highest = new long[4];

      @Override
      void reset() {
        clients.clear();
      }
    }

    @Override
    String check(SystemView view, VrState s) {
      Highest h = slot(servers, checked, s, Highest::new);
      int upTo = (int) Math.min(s.commit, s.log.size());
      for (int i = h.from(s); i < upTo; i++) {
        VrOp op = s.log.get(i);
        int c = h.clients.indexOf(op.client());
        if (c < 0) {
          h.clients.add(op.client());
          if (h.clients.size() > h.highest.length) {
            h.highest = java.util.Arrays.copyOf(h.highest, 2 * h.highest.length);
          }
          h.highest[h.clients.size() - 1] = op.requestNumber();
        } else if (op.requestNumber() > h.highest[c]) {
          h.highest[c] = op.requestNumber();
        } else if (repeats(s, i)) {
          h.upTo = i;
          return s.self
              + " committed request #"
              + op.requestNumber()
              + " of "
              + op.client()
              + " twice (again at op "
              + (i + 1)
              + ")";
        }
      }
      h.upTo = Math.max(h.upTo, upTo);
      return null;
    }

    /** Whether an entry before {@code i} is the same request as entry {@code i}. */
    private static boolean repeats(VrState s, int i) {
      VrOp op = s.log.get(i);
      for (int j = 0; j < i; j++) {
        if (s.log.get(j).is(op.client(), op.requestNumber())) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * A request acknowledged to its client is in the logs of a quorum and stays there: no more than N
   * - quorum of the replicas taking part (up, not recovering) lack it, or some quorum could start a
   * view without it. A crashed or recovering replica cannot vote, so it counts for neither side.
   * Incremental: per server and client, a {@link Found} remembers where the acknowledged request
   * was found (still there: it holds, one comparison) or how far the same, unrewritten log was
   * searched in vain (only the entries appended since are searched).
   */
  static final class AckedOpsKept extends OverReplicas {
    private final List<NodeId> clients;
    private final Found[] found; // [server position * clients + client position]

    AckedOpsKept(List<NodeId> servers, List<NodeId> clients) {
      super("AckedOpsKept", servers);
      this.clients = List.copyOf(clients);
      this.found = new Found[servers.size() * clients.size()];
    }

    @Override
    public String check(SystemView view) {
      int allowed = servers.size() - (servers.size() / 2 + 1);
      List<VrState> replicas = replicas(view);
      for (int k = 0; k < clients.size(); k++) {
        NodeId c = clients.get(k);
        VrClientState cs = view.stateAs(c, VrClientState.class);
        if (cs == null || cs.acked == 0) {
          continue;
        }
        List<NodeId> lacking = null;
        for (VrState s : replicas) {
          if (!found(s, k).holds(s, c, cs.acked)) {
            lacking = lacking == null ? new ArrayList<>() : lacking;
            lacking.add(s.self);
          }
        }
        if (lacking != null && lacking.size() > allowed) {
          return c
              + "'s request #"
              + cs.acked
              + " was acknowledged, but "
              + lacking
              + " lack it: a quorum could start a view without it";
        }
      }
      return null;
    }

    private Found found(VrState s, int client) {
      int i = servers.indexOf(s.self) * clients.size() + client;
      if (found[i] == null) {
        found[i] = new Found();
      }
      return found[i];
    }
  }

  /**
   * Where one replica's log holds one client's request: the index it was found at, or, for the
   * request not found, the log (list and rewrite count) and the length searched. An index still
   * holding the request proves it is there whatever happened since; a miss stays a miss below the
   * searched length while the same list was only appended to ({@link VrState#logRewrites}).
   */
  static final class Found {
    private int at = -1;
    private List<VrOp> log;
    private long rewrites;
    private long request;
    private int searched;

    boolean holds(VrState s, NodeId client, long requestNumber) {
      List<VrOp> ops = s.log;
      if (at >= 0 && at < ops.size() && ops.get(at).is(client, requestNumber)) {
        return true;
      }
      boolean sameLog = ops == log && s.logRewrites == rewrites && ops.size() >= searched;
      int from = sameLog && request == requestNumber ? searched : 0;
      at = -1;
      for (int i = ops.size() - 1; i >= from; i--) {
        if (ops.get(i).is(client, requestNumber)) {
          at = i;
          break;
        }
      }
      log = ops;
      rewrites = s.logRewrites;
      request = requestNumber;
      searched = ops.size();
      return at >= 0;
    }
  }

  /**
   * With durableView: a replica's view never goes backwards, across restarts too (it would then
   * accept an old primary's PREPAREs after promising a newer view). Remembers each replica's
   * highest view over the run.
   */
  static final class ViewMonotonic extends OverReplicas {
    private final TreeMap<NodeId, Long> highest = new TreeMap<>();

    ViewMonotonic(List<NodeId> servers) {
      super("ViewMonotonic", servers);
    }

    @Override
    public boolean judgesTransitions() {
      return true; // a view one event earlier
    }

    @Override
    String check(SystemView view, VrState s) {
      if (view.durable(s.self) instanceof VrDurable.Saved d && s.view < d.announcedView()) {
        return s.self
            + " is in view "
            + s.view
            + " after having announced view "
            + d.announcedView()
            + " (its disk says view "
            + d.view()
            + ")";
      }
      Long before = highest.get(s.self);
      if (before != null && s.view < before) {
        return s.self + " is in view " + s.view + " after having been in view " + before;
      }
      highest.put(s.self, s.view);
      return null;
    }
  }
}
