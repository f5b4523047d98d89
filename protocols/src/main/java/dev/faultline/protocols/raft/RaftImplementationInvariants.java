package dev.faultline.protocols.raft;

import com.google.common.hash.Hasher;
import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeRenaming;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.world.World;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * Checks of how the server is built rather than of what the cluster promises (opt-in, by the {@code
 * checkPersistence} and {@code checkCopies} options): they fail on a bug before it has a visible
 * consequence, so a fuzz campaign with them on needs no lucky crash or search to see it. The
 * mutation campaign turns both on (docs/guides/mutation.md).
 */
public final class RaftImplementationInvariants {
  private RaftImplementationInvariants() {}

  /** {@code first}, then the checks the options turn on (a bad value is an error naming it). */
  static List<Invariant> after(List<Invariant> first, Map<String, String> options) {
    boolean persistence = RaftConfig.boolOption(options, "checkPersistence", false);
    boolean copies = RaftConfig.boolOption(options, "checkCopies", false);
    boolean rules = RaftConfig.boolOption(options, "checkRules", false);
    boolean labels = RaftConfig.boolOption(options, "checkLabels", false);
    boolean duties = RaftConfig.boolOption(options, "checkLeaderDuties", false);
    boolean steps = RaftConfig.boolOption(options, "checkSteps", false);
    if (!persistence && !copies && !rules && !labels && !duties && !steps) {
      return first;
    }
    List<Invariant> all = new ArrayList<>(first);
    if (persistence) {
      all.add(new PersistBeforeReply());
    }
    if (copies) {
      all.add(new CopyFidelity());
    }
    if (rules) {
      all.addAll(RaftRuleInvariants.all());
    }
    if (labels) {
      all.add(new LabelsMatchState());
      all.add(new RaftGhostInvariants.GhostsMatchState());
    }
    if (duties) {
      all.addAll(RaftLeaderDuties.all());
    }
    if (steps) {
      all.addAll(RaftStepRules.all());
    }
    return all;
  }

  /**
   * After every event, each live server's term, vote, snapshot and log equal what it last
   * persisted. Handlers are atomic and send at their end, so this is "persisted before anything
   * that depends on it is sent" (Figure 2), checked at every event instead of only at the crash
   * that would expose a forgotten write (R3 and R4 are exactly such bugs and fail it at once). And
   * what is on disk stays what was written: a record's log does not change after the write.
   */
  static final class PersistBeforeReply implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();
    // Per server: the record last seen on its disk and that record's log entries at the time.
    private final Map<NodeId, Written> written = new HashMap<>(); // lookups only, never iterated

    private record Written(Durable durable, RaftEntry[] log) {}

    @Override
    public String name() {
      return "PersistBeforeReply";
    }

    @Override
    public String check(SystemView view) {
      for (RaftState s : RaftInvariants.Servers.of(servers, view)) {
        Durable durable = view.durable(s.self());
        String wrong = mismatch(s, durable);
        if (wrong != null) {
          return s.self() + " holds " + wrong + " in memory that is not on its disk";
        }
        String rewritten = rewrittenSinceSeen(s.self(), durable);
        if (rewritten != null) {
          return s.self() + "'s disk changed without a write: " + rewritten;
        }
      }
      return null;
    }

    /**
     * A record on disk is what was written: the log a persisted record holds must not change later
     * (the log hands out a view of its array; it must copy before it rewrites a slot the view
     * shows).
     */
    private String rewrittenSinceSeen(NodeId id, Durable durable) {
      if (!(durable instanceof RaftDurable d)) {
        return null;
      }
      Written before = written.get(id);
      if (before == null || before.durable() != durable) {
        written.put(id, new Written(durable, d.log().toArray(new RaftEntry[0])));
        return null;
      }
      RaftEntry[] log = before.log();
      if (d.log().size() != log.length) {
        return "its log went from " + log.length + " to " + d.log().size() + " entries";
      }
      for (int k = 0; k < log.length; k++) {
        if (d.log().get(k) != log[k]) {
          return "log entry " + (k + 1) + " after the snapshot became " + d.log().get(k);
        }
      }
      return null;
    }

    /** What differs between memory and disk, or null. */
    static String mismatch(RaftState s, Durable durable) {
      RaftDurable d =
          durable instanceof RaftDurable r ? r : new RaftDurable(0, null, null, List.of());
      if (s.term != d.term()) {
        return "term " + s.term + " (disk: " + d.term() + ")";
      }
      if (!Objects.equals(s.votedFor, d.votedFor())) {
        return "votedFor " + s.votedFor + " in term " + s.term + " (disk: " + d.votedFor() + ")";
      }
      if (s.snapshot != d.snapshot() && !Objects.equals(s.snapshot, d.snapshot())) {
        return "a snapshot up to "
            + snapshotIndex(s.snapshot)
            + " (disk: "
            + snapshotIndex(d.snapshot())
            + ")";
      }
      return logMismatch(s.log, snapshotIndex(d.snapshot()), d.log());
    }

    private static long snapshotIndex(RaftSnapshot snapshot) {
      return snapshot == null ? 0 : snapshot.lastIncludedIndex();
    }

    private static String logMismatch(RaftLog log, long diskBase, List<RaftEntry> disk) {
      if (log.baseIndex() != diskBase || log.lastIndex() != diskBase + disk.size()) {
        return "a log of entries "
            + (log.baseIndex() + 1)
            + ".."
            + log.lastIndex()
            + " (disk: "
            + (diskBase + 1)
            + ".."
            + (diskBase + disk.size())
            + ")";
      }
      for (int k = disk.size() - 1; k >= 0; k--) {
        RaftEntry mine = log.entryAt(diskBase + 1 + k);
        if (mine != disk.get(k) && !mine.equals(disk.get(k))) {
          return "entry " + (diskBase + 1 + k) + " " + mine + " (disk: " + disk.get(k) + ")";
        }
      }
      return null;
    }
  }

  /**
   * After every event, each live server's latest {@code term} label is its term and its latest
   * {@code role} label names its role: reports draw role and term bands from these labels, and the
   * state-aware nemeses aim at roles by them, so a label that lags the state is a wrong report. A
   * leader's latest {@code config-appended} label names the configuration entry of its term it
   * appended last (see {@link #configAppended}), and its latest {@code vote} label the vote it
   * granted (see {@link #vote}). Only a simulated world keeps labels; another view (the explorer's)
   * is not checked.
   */
  static final class LabelsMatchState implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();
    // Per server: its state object of this life and the vote it held when first seen (at boot).
    private final Map<NodeId, Life> lives = new HashMap<>(); // lookups only, never iterated

    private record Life(RaftState state, long term, NodeId votedFor) {}

    @Override
    public String name() {
      return "LabelsMatchState";
    }

    @Override
    public String check(SystemView view) {
      if (!(view instanceof World world)) {
        return null;
      }
      for (RaftState s : RaftInvariants.Servers.of(servers, view)) {
        String term = world.latestAnnotation(s.self, Annotations.TERM);
        if (!Long.toString(s.term).equals(term)) {
          return s.self + " is in term " + s.term + " but its latest term label is " + term;
        }
        String role = world.latestAnnotation(s.self, Annotations.ROLE);
        if (role == null || !role.startsWith(roleLabel(s.role) + " (")) {
          return s.self + " is a " + roleLabel(s.role) + " but its latest role label is " + role;
        }
        String appended = configAppended(world, s);
        if (appended != null) {
          return appended;
        }
        String vote = vote(world, s);
        if (vote != null) {
          return vote;
        }
      }
      return null;
    }

    /**
     * The role label reports and role-targeted faults read, spelled here rather than asked of
     * {@link RaftRole#label} (the judged code): a label that went blank or wrong would otherwise
     * agree with itself.
     */
    static String roleLabel(RaftRole role) {
      return switch (role) {
        case FOLLOWER -> "follower";
        case PRE_CANDIDATE -> "pre-candidate";
        case CANDIDATE -> "candidate";
        case LEADER -> "leader";
      };
    }

    /**
     * A vote for another server that the server did not boot with was granted in this life, and a
     * grant writes the {@code vote} label (the reboot-after nemesis aims at it): the latest one
     * names that candidate and term. A vote read from disk at a restart has no label.
     */
    private String vote(World world, RaftState s) {
      Life life = lives.get(s.self);
      if (life == null || life.state() != s) {
        life = new Life(s, s.term, s.votedFor);
        lives.put(s.self, life);
      }
      if (s.votedFor == null
          || s.votedFor.equals(s.self)
          || (s.term == life.term() && s.votedFor.equals(life.votedFor()))) {
        return null;
      }
      String expected = s.votedFor + " in term " + s.term;
      String label = world.latestAnnotation(s.self, Annotations.VOTE);
      if (!expected.equals(label)) {
        return s.self + " voted for " + expected + " but its latest vote label is " + label;
      }
      return null;
    }

    /**
     * A leader whose newest configuration entry is of its own term appended it itself, in this life
     * (only the leader of a term writes entries of that term, and a server that restarts comes back
     * a follower and leads only a later term), so its latest {@code config-appended} label names
     * that entry: the state-aware nemeses aim at that label, and reports show it.
     */
    private static String configAppended(World world, RaftState s) {
      if (s.role != RaftRole.LEADER) {
        return null;
      }
      long i = s.log.lastConfigIndex();
      if (i < 0 || s.log.termAt(i) != s.term) {
        return null;
      }
      String expected = s.log.lastMembership() + " at index " + i + ", term " + s.term;
      String label = world.latestAnnotation(s.self, Annotations.CONFIG_APPENDED);
      if (!expected.equals(label)) {
        return s.self
            + " appended configuration entry "
            + i
            + " as leader of term "
            + s.term
            + " but its latest config-appended label is "
            + label;
      }
      return null;
    }
  }

  /**
   * Every {@link #EVERY}th event, one live server (each in turn): its fingerprint is the generic
   * encoding of its fields ({@link ReferenceFingerprint}); its {@link RaftState#copy()} has the
   * server's fingerprint; a write to any part of the copy changes the copy's fingerprint; and none
   * reaches the server or a second copy, nor a write of the state copied from the copy ({@link
   * RaftCopyWriteInvariants}); and its disk record fingerprints as its fields ({@link
   * RaftDurableInvariants}). The explorer rests on this (a state and its copies are expanded
   * separately, and states are told apart by fingerprint: a part the fingerprint ignores merges
   * different states); a fuzz run never copies or fingerprints a state, so without this check
   * nothing it runs reads that code.
   */
  static final class CopyFidelity implements Invariant {
    static final int EVERY = 256;
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();
    private long events;

    @Override
    public String name() {
      return "CopyFidelity";
    }

    @Override
    public String check(SystemView view) {
      if (events++ % EVERY != 0) {
        return null;
      }
      List<RaftState> live = RaftInvariants.Servers.of(servers, view);
      if (live.isEmpty()) {
        return null;
      }
      // One server per check, in turn: copying is the explorer's hot path, not the fuzzer's.
      RaftState s = live.get((int) ((events / EVERY) % live.size()));
      String wrong = copyDiffers(s);
      if (wrong == null) {
        wrong = siblingsDiffer(s, RaftState::copy);
      }
      if (wrong == null) {
        wrong = renameDiffers(s, RaftState::renamed);
      }
      if (wrong == null) {
        wrong = RaftCopyWriteInvariants.partsDiffer(s);
      }
      if (wrong == null) {
        wrong = RaftCopyWriteInvariants.logDiffers(s.log);
      }
      if (wrong == null) {
        wrong = RaftDurableInvariants.durableDiffers(view.durable(s.self()));
      }
      return wrong == null ? null : s.self() + ": " + wrong;
    }

    /**
     * Two copies of one state that both write (as the explorer's sibling successors do): each
     * writes its own values to every part, and neither write may reach the other copy or the
     * original. A copy that still shares an array it then writes in place shows here: the second
     * copy's append lands in the slot the first one's entry sits in.
     */
    static String siblingsDiffer(RaftState s, UnaryOperator<RaftState> copy) {
      long original = fingerprint(s);
      RaftState first = copy.apply(s);
      RaftState second = copy.apply(s);
      writeOwnValues(first, 1);
      long firstWritten = fingerprint(first);
      writeOwnValues(second, 2);
      if (fingerprint(first) != firstWritten) {
        return "a write to one copy reached a sibling copy of the same state";
      }
      if (fingerprint(s) != original) {
        return "writes to two copies changed their original";
      }
      return null;
    }

    /** Writes values that depend on {@code k} to every part copies share until written. */
    private static void writeOwnValues(RaftState c, int k) {
      c.log.append(new RaftEntry(c.term + k, new RaftCommand.NoOp()));
      c.writableKv().apply("put", "copy-check", "v" + k);
      c.writableSessions().execute(c.writableKv(), GHOST.name(), k, "put", "copy-check", "s" + k);
      NodeId ghost = NodeId.of("copy-check-" + k);
      c.votes.add(ghost);
      c.activeSinceCheck.add(ghost);
      c.nextIndex.put(GHOST, -k);
      c.matchIndex.put(GHOST, -k);
      c.ackedRound.put(GHOST, -k);
      c.pendingReads.add(new RaftState.PendingRead(GHOST, k, "copy-check", -1, -1));
    }

    /**
     * The explorer's symmetry reduction ({@link RaftState#renamed}), which a fuzz run never calls:
     * renaming the servers by a rotation fingerprints as the generic encoding of every field
     * renamed ({@link ReferenceFingerprint#of(RaftState, NodeRenaming)}), renaming back gives the
     * state's own fingerprint, and the state itself is left as it was.
     */
    static String renameDiffers(
        RaftState s, BiFunction<RaftState, NodeRenaming, RaftState> rename) {
      List<NodeId> servers = s.config.servers();
      if (servers.size() < 2) {
        return null;
      }
      List<NodeId> rotated = new ArrayList<>(servers.subList(1, servers.size()));
      rotated.add(servers.get(0));
      NodeRenaming forth = new NodeRenaming(servers, rotated);
      long original = fingerprint(s);
      RaftState renamed = rename.apply(s, forth);
      if (fingerprint(renamed) != ReferenceFingerprint.of(s, forth)) {
        return "renamed by "
            + servers
            + " -> "
            + rotated
            + " it does not fingerprint as its fields"
            + " renamed one by one";
      }
      RaftState back = rename.apply(renamed, new NodeRenaming(rotated, servers));
      if (fingerprint(back) != original) {
        return "renamed by " + servers + " -> " + rotated + " and back it has another fingerprint";
      }
      if (fingerprint(s) != original) {
        return "renaming it changed it";
      }
      return null;
    }

    static String copyDiffers(RaftState s) {
      return copyDiffers(s, CopyFidelity::fingerprint);
    }

    /** As above, with the fingerprint under test given (a test plants a faulty one). */
    static String copyDiffers(RaftState s, ToLongFunction<RaftState> fingerprint) {
      long original = fingerprint.applyAsLong(s);
      if (original != ReferenceFingerprint.of(s)) {
        return "its fingerprint is not the generic encoding of its fields (" + s + ")";
      }
      RaftState copy = s.copy();
      if (fingerprint.applyAsLong(copy) != original) {
        return "its copy has another fingerprint (" + copy + " vs " + s + ")";
      }
      RaftState second = copy.copy();
      long before = original;
      for (Write w : WRITES) {
        w.change().accept(copy);
        long after = fingerprint.applyAsLong(copy);
        if (after == before) {
          return "the fingerprint ignores a change of " + w.part();
        }
        before = after;
      }
      if (fingerprint.applyAsLong(s) != original) {
        return "writing to a copy changed the original";
      }
      if (fingerprint.applyAsLong(second) != original) {
        return "writing to a copy changed another copy of it";
      }
      return null;
    }

    /** One change to one part of a state; every part the explorer tells states apart by. */
    private record Write(String part, Consumer<RaftState> change) {}

    private static final NodeId GHOST = NodeId.of("copy-check");

    /**
     * Writes to every fingerprinted part, in turn: those copies share until written (log, peer
     * sets, leader maps, KV store, sessions) and the plain fields. Each must change the
     * fingerprint, and none may reach the original or another copy.
     */
    private static final List<Write> WRITES =
        List.of(
            new Write("term", c -> c.term++),
            new Write("votedFor", c -> c.votedFor = GHOST),
            // Replace the last entry: the slot rewritten is one the original's log still shows.
            new Write(
                "the log",
                c -> {
                  if (c.log.lastIndex() > c.log.baseIndex()) {
                    c.log.truncateFrom(c.log.lastIndex());
                  }
                  c.log.append(new RaftEntry(c.term, new RaftCommand.NoOp()));
                }),
            new Write(
                "role",
                c -> c.role = c.role == RaftRole.LEADER ? RaftRole.FOLLOWER : RaftRole.LEADER),
            new Write("leaderId", c -> c.leaderId = GHOST),
            new Write("commitIndex", c -> c.commitIndex--),
            new Write("lastApplied", c -> c.lastApplied--),
            new Write("the KV store", c -> c.writableKv().apply("put", "copy-check", "x")),
            new Write(
                "the sessions",
                c ->
                    c.writableSessions()
                        .execute(c.writableKv(), GHOST.name(), 1, "put", "copy-check", "y")),
            new Write("lastLeaderContactTicks", c -> c.lastLeaderContactTicks++),
            new Write("votes", c -> c.votes.add(GHOST)),
            new Write("nextIndex", c -> c.nextIndex.put(GHOST, -1)),
            new Write("matchIndex", c -> c.matchIndex.put(GHOST, -1)),
            new Write("ackedRound", c -> c.ackedRound.put(GHOST, -1)),
            new Write("activeSinceCheck", c -> c.activeSinceCheck.add(GHOST)),
            new Write("round", c -> c.round++),
            new Write(
                "pendingReads",
                c -> c.pendingReads.add(new RaftState.PendingRead(GHOST, 1, "copy-check", -1, -1))),
            new Write(
                "pendingConfig",
                c ->
                    c.pendingConfig =
                        new RaftState.PendingConfig(GHOST, -1, Membership.of(List.of(GHOST)))));

    static long fingerprint(RaftState s) {
      Hasher h = Fingerprints.hashFunction().newHasher();
      s.fingerprint(h);
      return h.hash().asLong();
    }
  }

  /**
   * A server state's fingerprint written the slow, generic way: {@link Fingerprints#put} of each
   * field, with the log as a list and the per-peer sets and maps as TreeSets and TreeMaps. The
   * generic encoding tags every value with its type and length, so two different states never write
   * the same bytes. {@link RaftState#fingerprint} writes these same bytes by hand (it runs for
   * every node a search step touches); a part it skips or writes differently would merge explorer
   * states and change recorded state identities, which this reference shows. A judge, so nested
   * here: the mutation campaign does not mutate it.
   */
  static final class ReferenceFingerprint {
    private ReferenceFingerprint() {}

    static long of(RaftState s) {
      return of(s, IDENTITY);
    }

    /**
     * The generic encoding of {@code s} with every field renamed by {@code r} ({@link
     * NodeRenaming#value}, sets and maps sorted again): what {@link RaftState#renamed} must
     * fingerprint as.
     */
    static long of(RaftState s, NodeRenaming r) {
      Hasher h = Fingerprints.hashFunction().newHasher();
      put(s, r, h);
      return h.hash().asLong();
    }

    static void put(RaftState s, PrimitiveSink sink) {
      put(s, IDENTITY, sink);
    }

    private static final NodeRenaming IDENTITY = new NodeRenaming(List.of(), List.of());

    private static void put(RaftState s, NodeRenaming r, PrimitiveSink sink) {
      Fingerprints.put(sink, r.apply(s.self));
      sink.putLong(s.term);
      Fingerprints.put(sink, r.apply(s.votedFor));
      sink.putLong(s.log.baseIndex()).putLong(s.log.baseTerm());
      Fingerprints.put(sink, r.value(new ArrayList<>(s.log.entries())));
      Fingerprints.put(sink, r.value(s.snapshot));
      Fingerprints.put(sink, s.role);
      Fingerprints.put(sink, r.apply(s.leaderId));
      sink.putLong(s.commitIndex).putLong(s.lastApplied);
      s.kv.fingerprint(sink);
      s.sessions.fingerprint(sink);
      sink.putLong(s.lastLeaderContactTicks);
      Fingerprints.put(sink, asTreeSet(s.votes, r));
      Fingerprints.put(sink, asTreeMap(s.nextIndex, r));
      Fingerprints.put(sink, asTreeMap(s.matchIndex, r));
      Fingerprints.put(sink, asTreeMap(s.ackedRound, r));
      Fingerprints.put(sink, asTreeSet(s.activeSinceCheck, r));
      sink.putLong(s.round);
      Fingerprints.put(sink, r.value(s.pendingReads));
      Fingerprints.put(sink, r.value(s.pendingConfig));
    }

    private static TreeSet<NodeId> asTreeSet(RaftState.PeerSet set, NodeRenaming r) {
      TreeSet<NodeId> t = new TreeSet<>();
      for (NodeId id : set) {
        t.add(r.apply(id));
      }
      return t;
    }

    private static TreeMap<NodeId, Long> asTreeMap(RaftState.PeerLongs m, NodeRenaming r) {
      TreeMap<NodeId, Long> t = new TreeMap<>();
      for (int i = 0; i < m.size(); i++) {
        t.put(r.apply(m.keyAt(i)), m.valueAt(i));
      }
      return t;
    }
  }
}
