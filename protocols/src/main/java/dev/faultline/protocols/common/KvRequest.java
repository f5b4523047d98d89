package dev.faultline.protocols.common;

import dev.faultline.sim.api.NodeId;
import java.util.Objects;

/**
 * One client operation of a session: {@code (client, seq)} names it, so a replica's {@link
 * SessionTable} runs it at most once however often it is resent. A protocol may embed it in its own
 * request, forward and log-entry records (it fingerprints and prints like any record), or copy its
 * fields into flat records of its own.
 */
public record KvRequest(NodeId client, long seq, String f, String key, String value) {
  public KvRequest {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(key, "key");
  }

  /** True for put and append (the KV model's writes). */
  public boolean isWrite() {
    return KvStore.isWrite(f);
  }

  /** Applies this operation to {@code kv} at most once per (client, seq); returns its output. */
  public String executeOnce(SessionTable sessions, KvStore kv) {
    return sessions.execute(kv, client.name(), seq, f, key, value);
  }
}
