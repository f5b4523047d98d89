package dev.faultline.scenario.docs.tutorial;

import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tutorial's replicated register (docs/tutorial.md): a fixed primary s1 keeps one register per
 * key, writes each change to its own disk, copies it to the backups and answers the client once a
 * majority (itself included) holds it. Bug variant FORGETFUL skips the primary's disk write.
 */
// tag::spec[]
public final class Register implements ClusterSpec {
  static final String FORGETFUL = "FORGETFUL";

  @Override
  public String name() {
    return "register";
  }

  @Override
  public String description() {
    return "tutorial: a replicated register with a fixed primary (tests only)";
  }

  @Override
  public List<BugVariant> variants() {
    return List.of(
        new BugVariant(
            FORGETFUL, "the primary never writes its state to disk", "PrimaryNotBehind"));
  }

  @Override
  public Cluster build(ClusterParams params) {
    for (String option : params.options().keySet()) {
      if (!option.equals("retryTicks")) {
        throw new IllegalArgumentException("unknown option '" + option + "' (known: retryTicks)");
      }
    }
    long retryTicks = Long.parseLong(params.option("retryTicks", "30"));
    List<NodeId> servers = serverIds(params.servers());
    List<NodeId> clients = clientIds(params.clients());
    SortedMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    for (NodeId server : servers) {
      nodes.put(server, new RegisterServer(servers, params.variant()));
    }
    for (int i = 0; i < clients.size(); i++) {
      nodes.put(
          clients.get(i),
          new RegisterClient(i, servers.get(0), params.workload().get(i), retryTicks));
    }
    return new Cluster(nodes, servers, clients, List.of(new PrimaryNotBehind()));
  }

  // tag::messages[]
  sealed interface Msg extends Message {}

  /** What servers receive; clients receive only {@link Reply}. */
  sealed interface ToServer extends Msg {}

  record Request(long seq, String f, String key, String value) implements ToServer {}

  record Replicate(long version, SortedMap<String, String> data) implements ToServer {}

  record Ack(long version) implements ToServer {}

  record Reply(long seq, String value) implements Msg {}

  sealed interface Tick extends Timer {}

  record NextOp() implements Tick {}

  record Retry() implements Tick {}

  record Disk(
      SortedMap<String, String> data,
      long version,
      SortedMap<String, Long> lastSeq,
      SortedMap<String, String> lastReply)
      implements Durable {}
  // end::messages[]
}
// end::spec[]
