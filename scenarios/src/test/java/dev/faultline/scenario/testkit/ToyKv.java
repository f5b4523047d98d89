package dev.faultline.scenario.testkit;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.StateDescription;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.api.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A tiny single-leader KV store for testing the scenario machinery without Raft or PB: clients talk
 * to s1 only (other servers idle), s1 persists its data and session table. Variants: BOOM (s1
 * stores key "boom" on its 3rd write: breaks invariant ToySafety), STALE (a get returns the value
 * before the last write to that key: breaks Linearizability), MUTE2 (s1 never answers c2: breaks
 * Liveness). Option {@code retryTicks} (default 20) must be a positive integer.
 */
public final class ToyKv implements ClusterSpec {
  public static final String NAME = "toykv";

  /** Shared across runs on purpose: what variant NONDET leaks into the trace. */
  private static final java.util.concurrent.atomic.AtomicLong GLOBAL_CALLS =
      new java.util.concurrent.atomic.AtomicLong();

  sealed interface Msg extends Message {}

  record Request(long seq, String f, String key, String value) implements Msg {}

  record Reply(long seq, String value) implements Msg {}

  sealed interface Tick extends Timer {}

  record Next() implements Tick {}

  record Retry() implements Tick {}

  record Disk(
      SortedMap<String, String> data,
      SortedMap<String, String> previous,
      SortedMap<String, Long> lastSeq,
      SortedMap<String, String> lastReply,
      int writes)
      implements Durable {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "toy single-server KV (tests only)";
  }

  @Override
  public List<BugVariant> variants() {
    return List.of(
        new BugVariant(
            "BOOM", "s1 stores key boom on its 3rd write", "ToySafety", BugVariant.Hunt.seeds(10)),
        new BugVariant(
            "STALE",
            "a get returns the value before the last write",
            "Linearizability",
            BugVariant.Hunt.seeds(10)),
        new BugVariant("MUTE2", "s1 never answers c2", "Liveness", BugVariant.Hunt.seeds(10)),
        new BugVariant("NONDET", "s1 annotates a JVM-global counter (nondeterministic)", "none"));
  }

  @Override
  public Cluster build(ClusterParams params) {
    long retry = Long.parseLong(params.option("retryTicks", "20"));
    for (String o : params.options().keySet()) {
      if (!o.equals("retryTicks")) {
        throw new IllegalArgumentException("unknown option '" + o + "' (known: retryTicks)");
      }
    }
    if (retry < 1) {
      throw new IllegalArgumentException("option retryTicks must be >= 1, was " + retry);
    }
    SortedMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    List<NodeId> servers = serverIds(params.servers());
    List<NodeId> clients = clientIds(params.clients());
    for (NodeId s : servers) {
      nodes.put(s, new Server(params.variant()));
    }
    for (int i = 0; i < clients.size(); i++) {
      nodes.put(clients.get(i), new Client(i, servers.get(0), params.workload().get(i), retry));
    }
    return new Cluster(nodes, servers, clients, List.of(new ToySafety()));
  }

  /** The contract asks every protocol for one: after the stabilize phase s1 serves again. */
  @Override
  public List<Invariant> eventually(ClusterParams params) {
    return List.of(new ToyServes());
  }

  static final class ToyServes implements Invariant {
    public String name() {
      return "ToyServes";
    }

    public String check(SystemView view) {
      return view.isUp(NodeId.of("s1")) ? null : "s1 is down after the cluster stabilized";
    }
  }

  static final class ToySafety implements Invariant {
    public String name() {
      return "ToySafety";
    }

    public String check(SystemView view) {
      NodeId s1 = NodeId.of("s1");
      ServerState s = view.stateAs(s1, ServerState.class);
      return s != null && s.data.containsKey("boom") ? "s1 stores the forbidden key boom" : null;
    }
  }

  static final class ServerState implements NodeState<ServerState> {
    TreeMap<String, String> data = new TreeMap<>();
    TreeMap<String, String> previous = new TreeMap<>();
    TreeMap<String, Long> lastSeq = new TreeMap<>();
    TreeMap<String, String> lastReply = new TreeMap<>();
    int writes;

    @Override
    public StateDescription describe() {
      return StateDescription.of().put("data", data).put("lastSeq", lastSeq).put("writes", writes);
    }

    public ServerState copy() {
      ServerState c = new ServerState();
      c.data = new TreeMap<>(data);
      c.previous = new TreeMap<>(previous);
      c.lastSeq = new TreeMap<>(lastSeq);
      c.lastReply = new TreeMap<>(lastReply);
      c.writes = writes;
      return c;
    }

    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, data);
      Fingerprints.put(sink, previous);
      Fingerprints.put(sink, lastSeq);
      Fingerprints.put(sink, lastReply);
      Fingerprints.put(sink, writes);
    }
  }

  static final class Server implements Protocol<ServerState, Msg, Tick> {
    private final String variant;

    Server(String variant) {
      this.variant = variant;
    }

    public ServerState init(NodeId self, Durable durable, Effects<Msg, Tick> out) {
      ServerState s = new ServerState();
      if (durable instanceof Disk d) {
        s.data.putAll(d.data());
        s.previous.putAll(d.previous());
        s.lastSeq.putAll(d.lastSeq());
        s.lastReply.putAll(d.lastReply());
        s.writes = d.writes();
      }
      return s;
    }

    public void onMessage(ServerState s, NodeId from, Msg m, Effects<Msg, Tick> out) {
      switch (m) {
        case Request r -> {
          if ("NONDET".equals(variant)) {
            out.annotate("calls", Long.toString(GLOBAL_CALLS.incrementAndGet()));
          }
          if ("MUTE2".equals(variant) && from.name().equals("c2")) {
            return;
          }
          long last = s.lastSeq.getOrDefault(from.name(), 0L);
          if (r.seq() < last) {
            return;
          }
          if (r.seq() == last) {
            out.send(from, new Reply(r.seq(), s.lastReply.get(from.name())));
            return;
          }
          String result;
          switch (r.f()) {
            case "get" -> {
              result =
                  "STALE".equals(variant) && s.previous.containsKey(r.key())
                      ? s.previous.get(r.key())
                      : s.data.getOrDefault(r.key(), "");
            }
            case "put" -> {
              s.previous.put(r.key(), s.data.getOrDefault(r.key(), ""));
              s.data.put(r.key(), r.value());
              result = null;
            }
            default -> {
              s.previous.put(r.key(), s.data.getOrDefault(r.key(), ""));
              s.data.put(r.key(), s.data.getOrDefault(r.key(), "") + r.value());
              result = null;
            }
          }
          if (!r.f().equals("get")) {
            s.writes++;
            if ("BOOM".equals(variant) && s.writes == 3) {
              s.data.put("boom", "!");
            }
          }
          s.lastSeq.put(from.name(), r.seq());
          if (result != null) {
            s.lastReply.put(from.name(), result);
          } else {
            s.lastReply.remove(from.name());
          }
          out.persist(
              new Disk(
                  new TreeMap<>(s.data),
                  new TreeMap<>(s.previous),
                  new TreeMap<>(s.lastSeq),
                  new TreeMap<>(s.lastReply),
                  s.writes));
          out.send(from, new Reply(r.seq(), result));
        }
        case Reply r -> {}
      }
    }

    public void onTimer(ServerState s, Tick t, Effects<Msg, Tick> out) {}
  }

  static final class ClientState implements NodeState<ClientState> {
    int next; // index of the op in flight or to issue
    boolean inFlight;

    @Override
    public StateDescription describe() {
      return StateDescription.of().put("next", next).put("inFlight", inFlight);
    }

    public ClientState copy() {
      ClientState c = new ClientState();
      c.next = next;
      c.inFlight = inFlight;
      return c;
    }

    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, next);
      Fingerprints.put(sink, inFlight);
    }
  }

  static final class Client implements Protocol<ClientState, Msg, Tick> {
    private final int process;
    private final NodeId server;
    private final List<ClientOp> ops;
    private final long retryTicks;

    Client(int process, NodeId server, List<ClientOp> ops, long retryTicks) {
      this.process = process;
      this.server = server;
      this.ops = new ArrayList<>(ops);
      this.retryTicks = retryTicks;
    }

    public ClientState init(NodeId self, Durable durable, Effects<Msg, Tick> out) {
      ClientState s = new ClientState();
      scheduleNext(s, out);
      return s;
    }

    private void scheduleNext(ClientState s, Effects<Msg, Tick> out) {
      if (s.next < ops.size()) {
        long now = out.clock().lowerTicks();
        out.setTimer(new Next(), Math.max(1, ops.get(s.next).notBeforeTick() - now));
      }
    }

    public void onMessage(ClientState s, NodeId from, Msg m, Effects<Msg, Tick> out) {
      if (m instanceof Reply r && s.inFlight && r.seq() == s.next + 1) {
        ClientOp op = ops.get(s.next);
        out.record(
            HistoryEvent.complete(
                process,
                HistoryEvent.Type.OK,
                op.f(),
                op.key(),
                op.f().equals("get") ? r.value() : op.value()));
        out.cancelTimer(new Retry());
        s.inFlight = false;
        s.next++;
        scheduleNext(s, out);
      }
    }

    public void onTimer(ClientState s, Tick t, Effects<Msg, Tick> out) {
      switch (t) {
        case Next n -> {
          if (!s.inFlight && s.next < ops.size()) {
            ClientOp op = ops.get(s.next);
            out.record(HistoryEvent.invoke(process, op.f(), op.key(), op.value()));
            s.inFlight = true;
            send(s, out);
          }
        }
        case Retry r -> {
          if (s.inFlight) {
            send(s, out);
          }
        }
      }
    }

    private void send(ClientState s, Effects<Msg, Tick> out) {
      ClientOp op = ops.get(s.next);
      out.send(server, new Request(s.next + 1, op.f(), op.key(), op.value()));
      out.setTimer(new Retry(), retryTicks, retryTicks + 5);
    }
  }
}
