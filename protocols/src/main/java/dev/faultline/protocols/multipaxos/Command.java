package dev.faultline.protocols.multipaxos;

import dev.faultline.sim.api.NodeId;

/**
 * A command for a slot: a client operation (client, seq, f, key, value) taken by replica {@code
 * origin}, which answers the client when it executes it; or a no-op ({@code client} null) that a
 * new leader proposes to fill a hole. Two replicas that take the same request make two different
 * commands; the session table executes the (client, seq) once.
 */
public record Command(NodeId client, long seq, String f, String key, String value, NodeId origin) {
  public static final Command NOOP = new Command(null, 0, "noop", "", null, null);

  public boolean isNoop() {
    return client == null;
  }

  /** True if this is an admin's configuration command (a new acceptor set). */
  public boolean isConfig() {
    return MultiPaxosAdmin.CONFIG.equals(f);
  }

  /** True if this is the same client request as {@code other} (whoever took it). */
  public boolean sameRequest(Command other) {
    return client != null && client.equals(other.client) && seq == other.seq;
  }

  @Override
  public String toString() {
    return isNoop() ? "noop" : client + "#" + seq + ":" + f + "(" + key + ")@" + origin;
  }
}
