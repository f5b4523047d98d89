package dev.faultline.scenario.docs.tutorial;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeState;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A register server's volatile state. Backups use {@code data} and {@code version} only; the
 * primary also remembers each client's last request (so a retried or duplicated request is not
 * applied twice) and the one write waiting for backups' acks.
 */
// tag::state[]
final class RegisterState implements NodeState<RegisterState> {
  TreeMap<String, String> data = new TreeMap<>();
  long version;
  TreeMap<String, Long> lastSeq = new TreeMap<>();
  TreeMap<String, String> lastReply = new TreeMap<>();
  Pending pending; // the write waiting for a majority, or null

  /** A write applied and on the primary's disk, waiting for a majority of acks. */
  record Pending(String client, long seq, long version, TreeSet<String> acks) {}

  @Override
  public RegisterState copy() {
    RegisterState c = new RegisterState();
    c.data = new TreeMap<>(data);
    c.version = version;
    c.lastSeq = new TreeMap<>(lastSeq);
    c.lastReply = new TreeMap<>(lastReply);
    c.pending =
        pending == null
            ? null
            : new Pending(
                pending.client(), pending.seq(), pending.version(), new TreeSet<>(pending.acks()));
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    Fingerprints.put(sink, data);
    Fingerprints.put(sink, version);
    Fingerprints.put(sink, lastSeq);
    Fingerprints.put(sink, lastReply);
    Fingerprints.put(sink, pending); // a record or null, written field by field
  }
}
// end::state[]
