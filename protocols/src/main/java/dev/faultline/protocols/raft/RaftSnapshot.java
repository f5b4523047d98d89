package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableSortedMap;
import dev.faultline.protocols.common.SessionTable;

/**
 * A compacted prefix of the log: the state machine AND the client session table as of {@code
 * lastIncludedIndex}, and the configuration in force there (paper section 7). Without the session
 * table a retried append would run twice after an InstallSnapshot.
 */
public record RaftSnapshot(
    long lastIncludedIndex,
    long lastIncludedTerm,
    Membership membership,
    ImmutableSortedMap<String, String> kv,
    ImmutableSortedMap<String, SessionTable.Entry> sessions) {}
