package dev.faultline.protocols.grove;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.KvClientState;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import java.util.List;

/** A client's state: the shared client part plus the configuration it last heard of. */
public final class GroveClientState extends KvClientState<GroveClientState> {
  final int process;
  long epoch = -1;
  List<NodeId> servers = List.of();

  /** Where the next write goes instead of the configuration's primary (a hint); null: none. */
  NodeId writeTarget;

  /** Turns the replica a read goes to after a refusal or a timeout. */
  int readTurn;

  /** Ghost for AckedWritesKept: the highest seq of a write this client saw acknowledged. */
  long ackedWriteSeq;

  GroveClientState(int process) {
    this.process = process;
  }

  public long ackedWriteSeq() {
    return ackedWriteSeq;
  }

  @Override
  protected GroveClientState copyRouting() {
    GroveClientState c = new GroveClientState(process);
    c.epoch = epoch;
    c.servers = servers;
    c.writeTarget = writeTarget;
    c.readTurn = readTurn;
    c.ackedWriteSeq = ackedWriteSeq;
    return c;
  }

  @Override
  protected void fingerprintRouting(PrimitiveSink sink) {
    Fingerprints.put(sink, process);
    Fingerprints.put(sink, epoch);
    Fingerprints.put(sink, servers);
    Fingerprints.put(sink, writeTarget);
    Fingerprints.put(sink, readTurn);
    Fingerprints.put(sink, ackedWriteSeq);
  }
}
