package dev.faultline.scenario.docs.tutorial;

import dev.faultline.scenario.docs.tutorial.Register.Ack;
import dev.faultline.scenario.docs.tutorial.Register.Disk;
import dev.faultline.scenario.docs.tutorial.Register.Msg;
import dev.faultline.scenario.docs.tutorial.Register.Replicate;
import dev.faultline.scenario.docs.tutorial.Register.Reply;
import dev.faultline.scenario.docs.tutorial.Register.Request;
import dev.faultline.scenario.docs.tutorial.Register.Tick;
import dev.faultline.scenario.docs.tutorial.Register.ToServer;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A register server: s1 is the primary, every other server a backup. The primary applies one write
 * at a time, persists it, copies the whole store to the backups and answers the client when a
 * majority (itself included) holds it. Gets are answered at once: the primary never changes, so it
 * always has the newest state. Clients retry; a retry of a write still waiting re-sends the copy.
 */
final class RegisterServer implements Protocol<RegisterState, Msg, Tick> {
  private final List<NodeId> servers;
  private final String variant;

  RegisterServer(List<NodeId> servers, String variant) {
    this.servers = List.copyOf(servers);
    this.variant = variant;
  }

  // tag::init[]
  @Override
  public RegisterState init(NodeId self, Durable durable, Effects<Msg, Tick> out) {
    RegisterState s = new RegisterState();
    if (durable instanceof Disk disk) { // null on the first boot
      s.data.putAll(disk.data());
      s.version = disk.version();
      s.lastSeq.putAll(disk.lastSeq());
      s.lastReply.putAll(disk.lastReply());
    }
    out.annotate(Annotations.ROLE, isPrimary(self) ? Roles.PRIMARY : Roles.BACKUP);
    return s;
  }

  // end::init[]

  // tag::dispatch[]
  @Override
  public void onMessage(RegisterState s, NodeId from, Msg m, Effects<Msg, Tick> out) {
    if (!(m instanceof ToServer message)) {
      return; // replies go to clients; a server never receives one
    }
    switch (message) {
      case Request r -> onRequest(s, from, r, out);
      case Replicate r -> onReplicate(s, r, out);
      case Ack a -> onAck(s, from, a, out);
    }
  }

  // end::dispatch[]

  @Override
  public void onTimer(RegisterState s, Tick t, Effects<Msg, Tick> out) {}

  // tag::request[]
  private void onRequest(RegisterState s, NodeId client, Request r, Effects<Msg, Tick> out) {
    if (!isPrimary(out.self())) {
      return; // clients talk to s1 only
    }
    if (s.pending != null) {
      if (s.pending.client().equals(client.name()) && s.pending.seq() == r.seq()) {
        replicate(s, out); // the client retried: a copy or an ack may have been lost
      }
      return; // one write at a time; others retry later
    }
    long last = s.lastSeq.getOrDefault(client.name(), 0L);
    if (r.seq() < last) {
      return; // a stale duplicate of a request already answered
    }
    if (r.seq() > last) {
      apply(s, client, r);
      if (!Register.FORGETFUL.equals(variant)) {
        out.persist(disk(s)); // before any reply that depends on it
      }
    }
    if (r.f().equals("get")) {
      out.send(client, new Reply(r.seq(), s.lastReply.get(client.name())));
      return;
    }
    s.pending = new RegisterState.Pending(client.name(), r.seq(), s.version, new TreeSet<>());
    replicate(s, out);
    answerIfMajority(s, out);
  }

  // end::request[]

  private static void apply(RegisterState s, NodeId client, Request r) {
    String old = s.data.getOrDefault(r.key(), "");
    String result = null;
    switch (r.f()) {
      case "get" -> result = old;
      case "put" -> s.data.put(r.key(), r.value());
      default -> s.data.put(r.key(), old + r.value()); // append
    }
    if (!r.f().equals("get")) {
      s.version++;
    }
    s.lastSeq.put(client.name(), r.seq());
    if (result == null) {
      s.lastReply.remove(client.name());
    } else {
      s.lastReply.put(client.name(), result);
    }
  }

  // tag::replicate[]
  private void replicate(RegisterState s, Effects<Msg, Tick> out) {
    Replicate copy = new Replicate(s.version, new TreeMap<>(s.data));
    for (NodeId backup : servers) {
      if (!backup.equals(out.self())) {
        out.send(backup, copy);
      }
    }
  }

  private static void onReplicate(RegisterState s, Replicate r, Effects<Msg, Tick> out) {
    if (r.version() > s.version) {
      s.data = new TreeMap<>(r.data());
      s.version = r.version();
      out.persist(disk(s));
    }
    out.send(NodeId.of("s1"), new Ack(s.version)); // after the disk write: persist before reply
  }

  private void onAck(RegisterState s, NodeId backup, Ack a, Effects<Msg, Tick> out) {
    if (s.pending == null || a.version() < s.pending.version()) {
      return; // an ack for an older write, or nothing waiting
    }
    s.pending.acks().add(backup.name());
    answerIfMajority(s, out);
  }

  private void answerIfMajority(RegisterState s, Effects<Msg, Tick> out) {
    if (s.pending.acks().size() + 1 > servers.size() / 2) {
      NodeId client = NodeId.of(s.pending.client());
      out.send(client, new Reply(s.pending.seq(), s.lastReply.get(client.name())));
      s.pending = null;
    }
  }

  // end::replicate[]

  /** A copy of what must survive a crash (the disk must not share the live maps). */
  private static Disk disk(RegisterState s) {
    return new Disk(
        new TreeMap<>(s.data), s.version, new TreeMap<>(s.lastSeq), new TreeMap<>(s.lastReply));
  }

  private static boolean isPrimary(NodeId node) {
    return node.name().equals("s1");
  }
}
