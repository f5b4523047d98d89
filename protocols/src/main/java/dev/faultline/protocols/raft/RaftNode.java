package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.protocols.raft.RaftCommand.ClientCommand;
import dev.faultline.protocols.raft.RaftCommand.ConfigCommand;
import dev.faultline.protocols.raft.RaftCommand.NoOp;
import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.protocols.raft.RaftMessage.ClientReply;
import dev.faultline.protocols.raft.RaftMessage.ClientRequest;
import dev.faultline.protocols.raft.RaftMessage.ConfigReply;
import dev.faultline.protocols.raft.RaftMessage.ConfigRequest;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.protocols.raft.RaftMessage.PreVote;
import dev.faultline.protocols.raft.RaftMessage.PreVoteReply;
import dev.faultline.protocols.raft.RaftMessage.RequestVote;
import dev.faultline.protocols.raft.RaftMessage.SnapshotReply;
import dev.faultline.protocols.raft.RaftMessage.VoteReply;
import dev.faultline.protocols.raft.RaftTimer.CheckQuorumDue;
import dev.faultline.protocols.raft.RaftTimer.ElectionTimeout;
import dev.faultline.protocols.raft.RaftTimer.HeartbeatDue;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;
import java.util.TreeSet;

/**
 * A Raft server (Figure 2 of the paper plus PreVote, CheckQuorum, ReadIndex, compaction and
 * membership changes). Handlers guard first (stale term, wrong role), then act. Every change of
 * term, vote or log is persisted before the handler sends anything that depends on it; handlers are
 * atomic in the simulator, so "before the reply" and "before the end of the handler" coincide.
 */
public final class RaftNode implements Protocol<RaftState, RaftMessage, RaftTimer> {
  private final RaftConfig config;

  // Timers are equal records with no components: one instance each, not one per arm or cancel.
  private static final ElectionTimeout ELECTION_TIMEOUT = new ElectionTimeout();
  private static final HeartbeatDue HEARTBEAT_DUE = new HeartbeatDue();
  private static final CheckQuorumDue CHECK_QUORUM_DUE = new CheckQuorumDue();

  public RaftNode(RaftConfig config) {
    this.config = config;
  }

  // ------------------------------------------------------------------ boot

  @Override
  public RaftState init(NodeId self, Durable durable, Effects<RaftMessage, RaftTimer> out) {
    RaftState s = new RaftState(self, config);
    if (durable instanceof RaftDurable d) {
      s.term = d.term();
      s.votedFor = d.votedFor();
      s.snapshot = d.snapshot();
      if (d.snapshot() != null) {
        RaftSnapshot snap = d.snapshot();
        s.log = new RaftLog(snap.lastIncludedIndex(), snap.lastIncludedTerm(), d.log());
        s.kv = KvStore.fromSnapshot(snap.kv());
        s.sessions = SessionTable.fromSnapshot(snap.sessions());
        s.commitIndex = snap.lastIncludedIndex();
        s.lastApplied = snap.lastIncludedIndex();
      } else {
        s.log = new RaftLog(0, 0, d.log());
      }
    }
    out.annotate(Annotations.TERM, Long.toString(s.term));
    become(s, RaftRole.FOLLOWER, durable == null ? "boot" : "restart from disk", out);
    resetElectionTimer(s, out);
    return s;
  }

  // ------------------------------------------------------------------ dispatch

  @Override
  public void onMessage(
      RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
    s.beginEvent();
    if (!(m instanceof RaftMessage.ToServer toServer)) {
      return; // a reply meant for a client or admin
    }
    switch (toServer) {
      case PreVote p -> onPreVote(s, from, p, out);
      case PreVoteReply r -> onPreVoteReply(s, from, r, out);
      case RequestVote v -> onRequestVote(s, from, v, out);
      case VoteReply r -> onVoteReply(s, from, r, out);
      case AppendEntries a -> onAppendEntries(s, from, a, out);
      case AppendReply r -> onAppendReply(s, from, r, out);
      case InstallSnapshot i -> onInstallSnapshot(s, from, i, out);
      case SnapshotReply r -> onSnapshotReply(s, from, r, out);
      case ClientRequest c -> onClientRequest(s, from, c, out);
      case ConfigRequest c -> onConfigRequest(s, from, c, out);
    }
  }

  @Override
  public void onTimer(RaftState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
    s.beginEvent();
    if (!(t instanceof RaftTimer.ServerTimer serverTimer)) {
      return; // servers set no client timers
    }
    switch (serverTimer) {
      case ElectionTimeout e -> onElectionTimeout(s, out);
      case HeartbeatDue h -> {
        if (s.role == RaftRole.LEADER) {
          broadcastAppend(s, out);
          out.setTimer(HEARTBEAT_DUE, config.heartbeatTicks());
        }
      }
      case CheckQuorumDue c -> onCheckQuorum(s, out);
    }
  }

  // ------------------------------------------------------------------ roles

  /** The one place roles change: records the reason for reports (role bands) and the trace. */
  private void become(
      RaftState s, RaftRole role, String reason, Effects<RaftMessage, RaftTimer> out) {
    if (s.role != role || "boot".equals(reason) || reason.startsWith("restart")) {
      out.annotate(Annotations.ROLE, role.label() + " (" + reason + ")");
    }
    if (s.role == RaftRole.LEADER && role != RaftRole.LEADER) {
      out.cancelTimer(HEARTBEAT_DUE);
      out.cancelTimer(CHECK_QUORUM_DUE);
      s.pendingReads.clear();
      s.pendingConfig = null;
    }
    s.role = role;
  }

  /** Rules for all servers: a higher term seen anywhere makes us a follower of that term. */
  private void adoptTerm(
      RaftState s, long term, String reason, Effects<RaftMessage, RaftTimer> out) {
    assert term > s.term : "terms only grow";
    boolean wasLeader = s.role == RaftRole.LEADER;
    s.term = term;
    s.votedFor = null;
    s.leaderId = null;
    out.annotate(Annotations.TERM, Long.toString(term));
    become(s, RaftRole.FOLLOWER, reason, out);
    persist(s, out);
    if (wasLeader) {
      resetElectionTimer(s, out);
    }
  }

  private void onElectionTimeout(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    if (s.role == RaftRole.LEADER) {
      return;
    }
    if (!s.isVoterInForce() && s.log.lastConfigIndex() <= s.commitIndex) {
      // Not a voter (yet, or any more) in a configuration known to be committed: stay quiet.
      // While the configuration that excludes us is NOT known committed we must still campaign
      // (thesis 4.2.2): we may hold the freshest log, e.g. the C_new entry only we have, so the
      // others' older configuration needs our vote and they refuse each other's. Elected, we
      // lead without counting ourselves, commit C_new, and step down (progressMembership).
      resetElectionTimer(s, out);
      return;
    }
    if (config.preVote()) {
      startPreVote(s, out);
    } else {
      startElection(s, "election timeout", out);
    }
  }

  private void startPreVote(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    s.leaderId = null;
    become(s, RaftRole.PRE_CANDIDATE, "election timeout, asking for pre-votes", out);
    s.votes = RaftState.PeerSet.of(s.self);
    resetElectionTimer(s, out);
    if (s.membership().isQuorum(s.votes)) {
      startElection(s, "pre-vote quorum", out);
      return;
    }
    sendToPeers(s, new PreVote(s.term + 1, s.log.lastIndex(), s.log.lastTerm()), out);
  }

  private void startElection(RaftState s, String reason, Effects<RaftMessage, RaftTimer> out) {
    s.term++;
    s.votedFor = s.self;
    s.leaderId = null;
    out.annotate(Annotations.TERM, Long.toString(s.term));
    become(s, RaftRole.CANDIDATE, reason, out);
    s.votes = RaftState.PeerSet.of(s.self);
    persist(s, out);
    resetElectionTimer(s, out);
    if (s.membership().isQuorum(s.votes)) {
      becomeLeader(s, out);
      return;
    }
    sendToPeers(s, new RequestVote(s.term, s.log.lastIndex(), s.log.lastTerm()), out);
  }

  private void becomeLeader(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    assert s.role == RaftRole.CANDIDATE;
    become(s, RaftRole.LEADER, "won election with votes " + s.votes, out);
    s.leaderId = s.self;
    out.cancelTimer(ELECTION_TIMEOUT);
    s.nextIndex.clear();
    s.matchIndex.clear();
    s.ackedRound.clear();
    s.activeSinceCheck.clear();
    // No pending reads or configuration to drop: only a leader takes them on, and become() dropped
    // both when this server last stopped leading.
    for (NodeId p : s.membership().members()) {
      if (!p.equals(s.self)) {
        s.nextIndex.put(p, s.log.lastIndex() + 1); // before the no-op: the first round carries it
      }
    }
    // Paper section 8: a no-op of the new term commits everything before it (Figure 8).
    s.log.append(new RaftEntry(s.term, new NoOp()));
    persist(s, out);
    broadcastAppend(s, out);
    out.setTimer(HEARTBEAT_DUE, config.heartbeatTicks());
    if (config.checkQuorum()) {
      out.setTimer(CHECK_QUORUM_DUE, config.electionTimeoutTicksMin());
    }
    advanceCommit(s, out);
  }

  private void onCheckQuorum(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    if (s.role != RaftRole.LEADER) {
      return;
    }
    TreeSet<NodeId> heard = new TreeSet<>(s.activeSinceCheck);
    heard.add(s.self);
    if (!s.membership().isQuorum(heard)) {
      s.leaderId = null;
      become(s, RaftRole.FOLLOWER, "checkQuorum: only " + heard + " answered", out);
      resetElectionTimer(s, out);
      return;
    }
    s.activeSinceCheck.clear();
    out.setTimer(CHECK_QUORUM_DUE, config.electionTimeoutTicksMin());
  }

  // ------------------------------------------------------------------ elections

  /** Section 5.4.1: the candidate's last entry has a higher term, or the same term and index >=. */
  private boolean candidateLogUpToDate(RaftState s, long lastLogTerm, long lastLogIndex) {
    if (config.bug() == RaftBug.R1) {
      return true; // R1: the up-to-date comparison is dropped
    }
    if (lastLogTerm != s.log.lastTerm()) {
      return lastLogTerm > s.log.lastTerm();
    }
    return lastLogIndex >= s.log.lastIndex();
  }

  /** True if this server leads, or heard from the leader within the minimum election timeout. */
  private boolean leaderRecentlyHeard(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    return s.role == RaftRole.LEADER
        || (s.leaderId != null
            && now(out) - s.lastLeaderContactTicks < config.electionTimeoutTicksMin());
  }

  private void onPreVote(RaftState s, NodeId from, PreVote p, Effects<RaftMessage, RaftTimer> out) {
    boolean leaderLive = leaderRecentlyHeard(s, out);
    boolean granted =
        p.term() > s.term
            && !leaderLive
            && candidateLogUpToDate(s, p.lastLogTerm(), p.lastLogIndex());
    out.send(from, new PreVoteReply(p.term(), s.term, granted));
  }

  private void onPreVoteReply(
      RaftState s, NodeId from, PreVoteReply r, Effects<RaftMessage, RaftTimer> out) {
    if (!r.granted() && r.voterTerm() > s.term) {
      adoptTerm(s, r.voterTerm(), "pre-vote refused by " + from + " in a newer term", out);
      return;
    }
    if (s.role != RaftRole.PRE_CANDIDATE || r.term() != s.term + 1 || !r.granted()) {
      return;
    }
    s.votes.add(from);
    if (s.membership().isQuorum(s.votes)) {
      startElection(s, "pre-vote quorum " + s.votes, out);
    }
  }

  private void onRequestVote(
      RaftState s, NodeId from, RequestVote v, Effects<RaftMessage, RaftTimer> out) {
    if (v.term() > s.term && leaderRecentlyHeard(s, out)) {
      // Paper 6 (iii): a live leader exists, so this is a removed or partitioned server
      // disrupting the cluster. Neither adopt its term nor vote.
      return;
    }
    if (v.term() > s.term) {
      adoptTerm(s, v.term(), "RequestVote from " + from, out);
    }
    boolean granted = false;
    if (v.term() == s.term
        && (s.votedFor == null || s.votedFor.equals(from))
        && candidateLogUpToDate(s, v.lastLogTerm(), v.lastLogIndex())) {
      s.votedFor = from;
      persist(s, out); // the vote is on disk before the candidate can count it
      granted = true;
      // For reports and the kernel's reboot-after nemesis (reboot a voter right after it voted).
      out.annotate(Annotations.VOTE, from + " in term " + s.term);
      resetElectionTimer(s, out);
    }
    out.send(from, new VoteReply(s.term, granted));
  }

  private void onVoteReply(
      RaftState s, NodeId from, VoteReply r, Effects<RaftMessage, RaftTimer> out) {
    if (r.term() > s.term) {
      adoptTerm(s, r.term(), "VoteReply from " + from, out);
      return;
    }
    if (s.role != RaftRole.CANDIDATE || r.term() != s.term || !r.granted()) {
      return;
    }
    s.votes.add(from);
    if (s.membership().isQuorum(s.votes)) {
      becomeLeader(s, out);
    }
  }

  // ------------------------------------------------------------------ replication: follower

  private void onAppendEntries(
      RaftState s, NodeId from, AppendEntries a, Effects<RaftMessage, RaftTimer> out) {
    if (a.term() < s.term) {
      out.send(from, new AppendReply(s.term, false, a.prevLogIndex(), 0, 0, a.round()));
      return;
    }
    if (a.term() > s.term) {
      adoptTerm(s, a.term(), "AppendEntries from " + from, out);
    }
    if (s.role == RaftRole.LEADER) {
      return; // two leaders in one term: only a bug variant gets here; ElectionSafety reports it
    }
    recognizeLeader(s, from, out);

    long prev = a.prevLogIndex();
    long prevTerm = a.prevLogTerm();
    List<RaftEntry> entries = a.entries();
    if (prev < s.log.baseIndex()) {
      // Our snapshot already covers (committed) entries up to baseIndex: skip those.
      long skip = Math.min(entries.size(), s.log.baseIndex() - prev);
      entries = entries.subList((int) skip, entries.size());
      if (prev + skip < s.log.baseIndex()) {
        out.send(from, new AppendReply(s.term, true, prev, prev + skip, 0, a.round()));
        return;
      }
      prev = s.log.baseIndex();
      prevTerm = s.log.baseTerm();
    }
    if (s.log.termAt(prev) != prevTerm) {
      long conflict =
          prev > s.log.lastIndex() ? s.log.lastIndex() + 1 : s.log.firstIndexOfTermAt(prev);
      out.send(from, new AppendReply(s.term, false, a.prevLogIndex(), 0, conflict, a.round()));
      return;
    }
    storeEntries(s, from, prev, entries, out);
    long lastNew = prev + entries.size();
    if (a.leaderCommit() > s.commitIndex) {
      long target =
          config.bug() == RaftBug.R6
              ? Math.min(a.leaderCommit(), s.log.lastIndex()) // R6: local last index
              : Math.min(a.leaderCommit(), lastNew);
      s.commitIndex = Math.max(s.commitIndex, target);
    }
    applyCommitted(s, out);
    out.send(from, new AppendReply(s.term, true, a.prevLogIndex(), lastNew, 0, a.round()));
  }

  /**
   * Appends the entries that follow {@code prev} (already known to match), keeping matching entries
   * and truncating at the first conflict, then persists if the log changed.
   */
  private void storeEntries(
      RaftState s,
      NodeId from,
      long prev,
      List<RaftEntry> entries,
      Effects<RaftMessage, RaftTimer> out) {
    boolean changed = false;
    long learnedConfig = 0; // index of the last configuration entry newly appended here, if any
    if (config.bug() == RaftBug.R5) {
      // R5: log = log[..prev] + entries, even where the existing entries already match.
      if (s.log.lastIndex() > prev) {
        s.log.truncateFrom(prev + 1);
      }
      entries.forEach(s.log::append);
      changed = true;
      for (int k = 0; k < entries.size(); k++) {
        if (entries.get(k).command() instanceof ConfigCommand) {
          learnedConfig = prev + 1 + k;
        }
      }
    } else {
      for (int k = 0; k < entries.size(); k++) {
        long index = prev + 1 + k;
        RaftEntry e = entries.get(k);
        if (s.log.has(index)) {
          if (s.log.termAt(index) == e.term()) {
            continue; // already there: never truncate a matching entry
          }
          s.log.truncateFrom(index); // conflict: delete it and everything after it
        }
        s.log.append(e);
        changed = true;
        if (e.command() instanceof ConfigCommand) {
          learnedConfig = index;
        }
      }
    }
    if (learnedConfig > 0) {
      // For reports and the kernel's state-aware nemeses (a follower lost right after it took a
      // configuration entry, e.g. reboot-after "config-learned").
      out.annotate(
          Annotations.CONFIG_LEARNED,
          s.log.entryAt(learnedConfig).command() + " at index " + learnedConfig + " from " + from);
    }
    if (changed && config.bug() != RaftBug.R4) {
      persist(s, out); // R4 skips this: the ack that follows promises entries not yet on disk
    }
  }

  private void recognizeLeader(RaftState s, NodeId from, Effects<RaftMessage, RaftTimer> out) {
    if (s.role != RaftRole.FOLLOWER) {
      become(s, RaftRole.FOLLOWER, "leader " + from + " of term " + s.term + " heard", out);
    }
    s.leaderId = from;
    s.lastLeaderContactTicks = now(out);
    resetElectionTimer(s, out);
  }

  private void onInstallSnapshot(
      RaftState s, NodeId from, InstallSnapshot m, Effects<RaftMessage, RaftTimer> out) {
    if (m.term() < s.term) {
      out.send(from, new SnapshotReply(s.term, 0, m.round()));
      return;
    }
    if (m.term() > s.term) {
      adoptTerm(s, m.term(), "InstallSnapshot from " + from, out);
    }
    if (s.role == RaftRole.LEADER) {
      return;
    }
    recognizeLeader(s, from, out);
    RaftSnapshot snap = m.snapshot();
    long index = snap.lastIncludedIndex();
    if (index > s.commitIndex) {
      if (s.log.termAt(index) == snap.lastIncludedTerm()) {
        s.log.compactTo(index, snap.lastIncludedTerm()); // keep the entries after it
      } else {
        s.log.resetTo(index, snap.lastIncludedTerm());
      }
      s.snapshot = snap;
      s.kv = KvStore.fromSnapshot(snap.kv());
      s.sessions = SessionTable.fromSnapshot(snap.sessions()); // exactly-once survives transfer
      s.commitIndex = index;
      s.lastApplied = index;
      s.justInstalled = snap;
      persist(s, out);
    }
    out.send(from, new SnapshotReply(s.term, index, m.round()));
  }

  // ------------------------------------------------------------------ replication: leader

  /** Sends {@code m} to every member but this server, in member order (no list of peers built). */
  private static void sendToPeers(RaftState s, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
    for (NodeId id : s.membership().members()) {
      if (!id.equals(s.self)) {
        out.send(id, m);
      }
    }
  }

  private void broadcastAppend(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    s.round++;
    for (NodeId p : s.membership().members()) { // the peers, without building a list
      if (!p.equals(s.self)) {
        sendAppend(s, p, out);
      }
    }
  }

  private void sendAppend(RaftState s, NodeId p, Effects<RaftMessage, RaftTimer> out) {
    long next = s.nextIndex.putIfAbsent(p, s.log.lastIndex() + 1);
    if (next <= s.log.baseIndex()) {
      out.send(p, new InstallSnapshot(s.term, s.snapshot, s.round));
      return;
    }
    long prev = next - 1;
    ImmutableList<RaftEntry> entries = s.log.slice(next, next + config.maxEntriesPerAppend() - 1);
    out.send(
        p, new AppendEntries(s.term, prev, s.log.termAt(prev), entries, s.commitIndex, s.round));
  }

  private void onAppendReply(
      RaftState s, NodeId from, AppendReply r, Effects<RaftMessage, RaftTimer> out) {
    if (r.term() > s.term) {
      adoptTerm(s, r.term(), "AppendReply from " + from + " in a newer term", out);
      return;
    }
    if (s.role != RaftRole.LEADER || r.term() != s.term || refusesOlderTerm(r)) {
      return; // a stale reply: its term no longer matters
    }
    noteActive(s, from, r.round());
    long next = s.nextIndex.putIfAbsent(from, s.log.lastIndex() + 1);
    if (r.success()) {
      long match = s.matchIndex.getOrDefault(from, 0L);
      if (r.matchIndex() > match) {
        s.matchIndex.put(from, r.matchIndex()); // from the request, not from our current log
        s.nextIndex.put(from, Math.max(next, r.matchIndex() + 1));
        advanceCommit(s, out);
        if (s.role == RaftRole.LEADER && s.nextIndex.get(from) <= s.log.lastIndex()) {
          sendAppend(s, from, out);
        }
      }
    } else if (r.prevLogIndex() + 1 == next) {
      long match = s.matchIndex.getOrDefault(from, 0L);
      long lowered = Math.max(match + 1, Math.min(r.conflictIndex(), next - 1));
      if (lowered < next) {
        s.nextIndex.put(from, lowered);
        sendAppend(s, from, out); // retry at once; otherwise the next heartbeat retries
      }
    }
    serveReads(s, out);
  }

  private void onSnapshotReply(
      RaftState s, NodeId from, SnapshotReply r, Effects<RaftMessage, RaftTimer> out) {
    if (r.term() > s.term) {
      adoptTerm(s, r.term(), "SnapshotReply from " + from + " in a newer term", out);
      return;
    }
    if (s.role != RaftRole.LEADER || r.term() != s.term || refusesOlderTerm(r)) {
      return;
    }
    noteActive(s, from, r.round());
    if (r.lastIncludedIndex() > s.matchIndex.getOrDefault(from, 0L)) {
      s.matchIndex.put(from, r.lastIncludedIndex());
      s.nextIndex.put(from, r.lastIncludedIndex() + 1);
      advanceCommit(s, out);
      if (s.role == RaftRole.LEADER) {
        sendAppend(s, from, out);
      }
    }
    serveReads(s, out);
  }

  /**
   * Whether a reply of the leader's own term refuses a request of an older term: a follower refuses
   * one with its current term and the request's round. That round was counted by this server in an
   * earlier term, maybe before a crash restarted its volatile round counter at 0, so it says
   * nothing about this leader's rounds: counted, a late refusal of round 500 would confirm a
   * ReadIndex read of round 3 that the sender never answered, and a stale read could follow. Nor
   * does it show that the sender follows this leader. Such a reply is stale: it acknowledges no
   * round, marks no peer active for CheckQuorum and moves no index. It is known without a field of
   * its own: a refusal in the current term always carries a conflict hint of at least 1 (the last
   * index + 1, or the first index of a term above the snapshot), and a current-term snapshot reply
   * the snapshot's last included index, at least 1 (only a log compacted past 0 sends one).
   */
  private static boolean refusesOlderTerm(RaftMessage reply) {
    return switch (reply) {
      case AppendReply r -> !r.success() && r.conflictIndex() == 0;
      case SnapshotReply r -> r.lastIncludedIndex() == 0;
      default -> false;
    };
  }

  private void noteActive(RaftState s, NodeId from, long round) {
    s.activeSinceCheck.add(from);
    s.ackedRound.merge(from, round, Math::max);
  }

  /**
   * Whether this server and the peers whose value in {@code byPeer} is at least {@code atLeast}
   * hold a quorum: counted in place, without a list of them. This runs for every index a leader
   * tries to commit and every read it serves.
   */
  private static boolean quorumAtLeast(
      Membership m, RaftState s, RaftState.PeerLongs byPeer, long atLeast) {
    // A quorum test taking a predicate counted the same, through a lambda capturing four values:
    // one allocation per index a leader tried to commit (the largest object count in a fuzz seed).
    return majorityAtLeast(m.voters(), s, byPeer, atLeast)
        && (m.joint() == null || majorityAtLeast(m.joint(), s, byPeer, atLeast));
  }

  private static boolean majorityAtLeast(
      ImmutableSortedSet<NodeId> set, RaftState s, RaftState.PeerLongs byPeer, long atLeast) {
    List<NodeId> list = set.asList(); // by index: no iterator per call
    int n = 0;
    for (int i = 0; i < list.size(); i++) {
      NodeId id = list.get(i);
      if (id.equals(s.self) || byPeer.getOrDefault(id, Long.MIN_VALUE) >= atLeast) {
        n++;
      }
    }
    return 2 * n > list.size();
  }

  /** Section 5.4.2: commit the highest N a quorum holds, only if log[N] is of this term. */
  private void advanceCommit(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    if (s.role != RaftRole.LEADER) {
      return;
    }
    Membership m = s.membership();
    for (long n = s.log.lastIndex(); n > s.commitIndex; n--) {
      if (config.bug() != RaftBug.R2 && s.log.termAt(n) != s.term) {
        break; // earlier terms commit only indirectly, under a current-term entry (Figure 8)
      }
      if (quorumAtLeast(m, s, s.matchIndex, n)) {
        s.commitIndex = n;
        break;
      }
    }
    applyCommitted(s, out);
    if (s.role == RaftRole.LEADER) {
      progressMembership(s, out);
      startReads(s, out);
      serveReads(s, out);
    }
  }

  // ------------------------------------------------------------------ state machine

  private void applyCommitted(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    while (s.lastApplied < s.commitIndex && s.log.has(s.lastApplied + 1)) {
      long index = s.lastApplied + 1;
      RaftEntry e = s.log.entryAt(index);
      s.lastApplied = index;
      s.noteApplied(new RaftState.Applied(index, e));
      if (e.command() instanceof ClientCommand c) {
        // Exactly-once is decided here, at apply time, by the replicated session table.
        String output =
            s.writableSessions()
                .execute(s.writableKv(), c.client().name(), c.seq(), c.f(), c.key(), c.value());
        if (s.role == RaftRole.LEADER) {
          out.send(c.client(), new ClientReply(c.seq(), true, output, s.self));
        }
      }
    }
    maybeSnapshot(s, out);
  }

  private void maybeSnapshot(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    int every = config.snapshotEvery();
    if (every <= 0 || s.lastApplied - s.log.baseIndex() < every) {
      return;
    }
    long index = s.lastApplied;
    Membership m = s.log.membershipAt(index);
    if (m == null) {
      m = s.snapshot != null ? s.snapshot.membership() : config.initialMembership();
    }
    s.snapshot =
        new RaftSnapshot(
            index,
            s.log.termAt(index),
            m,
            ImmutableSortedMap.copyOf(s.kv.snapshot()),
            ImmutableSortedMap.copyOf(s.sessions.snapshot()));
    s.log.compactTo(index, s.snapshot.lastIncludedTerm());
    persist(s, out);
  }

  // ------------------------------------------------------------------ clients

  private void onClientRequest(
      RaftState s, NodeId from, ClientRequest c, Effects<RaftMessage, RaftTimer> out) {
    if (s.role != RaftRole.LEADER) {
      out.send(from, new ClientReply(c.seq(), false, null, s.leaderId));
      return;
    }
    if (!KvStore.isWrite(c.f())) {
      if (config.bug() == RaftBug.R7) {
        out.send(from, new ClientReply(c.seq(), true, s.kv.get(c.key()), s.self)); // R7
        return;
      }
      if (config.reads() == RaftConfig.ReadMode.READ_INDEX) {
        s.pendingReads.add(new RaftState.PendingRead(from, c.seq(), c.key(), -1, -1));
        startReads(s, out);
        serveReads(s, out);
        return;
      }
    }
    String done = s.sessions.outputOf(from.name(), c.seq());
    if (done != null) {
      // Already applied here, hence committed: answer from the session table.
      out.send(from, new ClientReply(c.seq(), true, done, s.self));
      return;
    }
    s.log.append(
        new RaftEntry(s.term, new ClientCommand(from, c.seq(), c.f(), c.key(), c.value())));
    persist(s, out);
    broadcastAppend(s, out);
    advanceCommit(s, out);
  }

  /** ReadIndex step 1-3: once this term has a commit, fix readIndex and start a heartbeat round. */
  private void startReads(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    if (s.pendingReads.isEmpty() || !committedInCurrentTerm(s)) {
      return;
    }
    boolean any = false;
    for (int i = 0; i < s.pendingReads.size(); i++) {
      RaftState.PendingRead r = s.pendingReads.get(i);
      if (r.round() < 0) {
        s.pendingReads.set(
            i, new RaftState.PendingRead(r.client(), r.seq(), r.key(), s.commitIndex, s.round + 1));
        any = true;
      }
    }
    if (any) {
      broadcastAppend(s, out); // round becomes s.round + 1: acks to it confirm leadership
    }
  }

  /** ReadIndex step 4-5: confirmed by a quorum of acks to the read's round and applied: answer. */
  private void serveReads(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    if (s.role != RaftRole.LEADER || s.pendingReads.isEmpty()) {
      return;
    }
    Membership m = s.membership();
    List<RaftState.PendingRead> reads = s.pendingReads;
    int kept = 0; // the reads still waiting, moved to the front in their order
    for (int i = 0; i < reads.size(); i++) {
      RaftState.PendingRead r = reads.get(i);
      boolean served = false;
      if (r.round() >= 0 && s.lastApplied >= r.readIndex()) {
        if (quorumAtLeast(m, s, s.ackedRound, r.round())) {
          out.send(r.client(), new ClientReply(r.seq(), true, s.kv.get(r.key()), s.self));
          served = true;
        }
      }
      if (!served) {
        reads.set(kept++, r);
      }
    }
    reads.subList(kept, reads.size()).clear();
  }

  private boolean committedInCurrentTerm(RaftState s) {
    return s.log.termAt(s.commitIndex) == s.term;
  }

  // ------------------------------------------------------------------ membership

  /**
   * The refusal of a single-server-mode change that is more than one server away: unlike the others
   * (not the leader, a change in progress, no entry of this term committed) retrying does not make
   * it go away while the configuration stays.
   */
  static final String ONE_SERVER_PER_CHANGE = "single mode: change one server";

  private void onConfigRequest(
      RaftState s, NodeId from, ConfigRequest c, Effects<RaftMessage, RaftTimer> out) {
    if (s.role != RaftRole.LEADER) {
      out.send(from, new ConfigReply(c.seq(), false, "not the leader", s.leaderId));
      return;
    }
    Membership current = s.membership();
    boolean settled = !current.isJoint() && s.log.lastConfigIndex() <= s.commitIndex;
    if (settled && current.voters().equals(c.members())) {
      out.send(from, new ConfigReply(c.seq(), true, "in force", s.self));
      return;
    }
    if (s.pendingConfig != null
        && s.pendingConfig.admin().equals(from)
        && s.pendingConfig.seq() == c.seq()) {
      return; // in progress; answered when it commits
    }
    if (!settled) {
      out.send(from, new ConfigReply(c.seq(), false, "a change is in progress", s.self));
      return;
    }
    Membership next;
    if (config.membership() == RaftConfig.MembershipMode.SINGLE) {
      TreeSet<NodeId> diff = new TreeSet<>(current.voters());
      diff.addAll(c.members());
      TreeSet<NodeId> both = new TreeSet<>(current.voters());
      both.retainAll(c.members());
      diff.removeAll(both);
      if (diff.size() != 1) {
        out.send(from, new ConfigReply(c.seq(), false, ONE_SERVER_PER_CHANGE, s.self));
        return;
      }
      // Ongaro 2015: no configuration entry before an entry of this term has committed.
      if (config.bug() != RaftBug.R8 && !committedInCurrentTerm(s)) {
        out.send(from, new ConfigReply(c.seq(), false, "no entry of my term committed", s.self));
        return;
      }
      next = Membership.of(c.members());
    } else {
      next = Membership.joint(current.voters(), c.members());
    }
    s.pendingConfig = new RaftState.PendingConfig(from, c.seq(), Membership.of(c.members()));
    s.log.append(new RaftEntry(s.term, new ConfigCommand(next)));
    // For reports and the kernel's isolate-after nemesis (a leader that drops off the network right
    // after appending a configuration entry, before it reaches anyone).
    out.annotate(
        Annotations.CONFIG_APPENDED, next + " at index " + s.log.lastIndex() + ", term " + s.term);
    persist(s, out);
    broadcastAppend(s, out);
    advanceCommit(s, out);
  }

  /** Joint consensus: once C_old,new commits, append C_new; once the target commits, answer. */
  private void progressMembership(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    Membership current = s.membership();
    long configIndex = s.log.lastConfigIndex();
    boolean committed = configIndex <= s.commitIndex;
    if (!committed) {
      return;
    }
    if (current.isJoint()) {
      s.log.append(new RaftEntry(s.term, new ConfigCommand(Membership.of(current.joint()))));
      out.annotate(
          Annotations.CONFIG_APPENDED,
          current.joint() + " at index " + s.log.lastIndex() + ", term " + s.term);
      persist(s, out);
      broadcastAppend(s, out);
      advanceCommit(s, out);
      return;
    }
    RaftState.PendingConfig p = s.pendingConfig;
    if (p != null && p.target().voters().equals(current.voters())) {
      // For reports and the kernel's isolate-after nemesis (a leader lost right after a change).
      out.annotate(
          Annotations.CONFIG_COMMITTED, current + " at index " + configIndex + ", term " + s.term);
      out.send(p.admin(), new ConfigReply(p.seq(), true, "committed", s.self));
      s.pendingConfig = null;
    }
    if (!current.isVoter(s.self)) {
      // Paper 6 (ii): a leader outside C_new steps down once C_new is committed.
      s.leaderId = null;
      become(s, RaftRole.FOLLOWER, "removed by committed configuration " + current, out);
      resetElectionTimer(s, out);
    }
  }

  // ------------------------------------------------------------------ helpers

  private void persist(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    NodeId vote = config.bug() == RaftBug.R3 ? null : s.votedFor; // R3: the vote stays in memory
    out.persist(new RaftDurable(s.term, vote, s.snapshot, s.log.persistedEntries()));
  }

  /**
   * A server outside its latest configuration waits twice as long: it campaigns only as a last
   * resort (its vote or log is needed while that configuration is uncommitted), so the members
   * elect one of themselves first whenever they can, and a removed server that never learns that
   * C_new committed does not keep winning elections only to step down again.
   */
  private void resetElectionTimer(RaftState s, Effects<RaftMessage, RaftTimer> out) {
    long scale = s.isVoterInForce() ? 1 : 2;
    out.setTimer(
        ELECTION_TIMEOUT,
        scale * config.electionTimeoutTicksMin(),
        scale * config.electionTimeoutTicksMax());
  }

  private static long now(Effects<RaftMessage, RaftTimer> out) {
    ClockReading c = out.clock();
    return c.lowerTicks() + (c.upperTicks() - c.lowerTicks()) / 2;
  }
}
