package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.SessionTable;
import java.util.List;
import java.util.SortedMap;

/**
 * A replica's state machine as state transfer carries it: the op log (index = position), the KV map
 * and the exactly-once table it produced, and the sender's commit index.
 */
public record Snapshot(
    List<KvRequest> log,
    SortedMap<String, String> kv,
    SortedMap<String, SessionTable.Entry> sessions,
    long committed) {
  public Snapshot {
    log = List.copyOf(log);
  }

  public long nextIndex() {
    return log.size();
  }
}
