package dev.faultline.protocols.vr;

import dev.faultline.sim.api.NodeId;

/** One log entry: a client's request, identified by (client, requestNumber). */
public record VrOp(NodeId client, long requestNumber, String f, String key, String value) {
  /** True if this entry is the request (client, requestNumber). */
  boolean is(NodeId c, long n) {
    return requestNumber == n && client.equals(c);
  }
}
