package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.protocols.raft.RaftImplementationInvariants.CopyFidelity;
import dev.faultline.protocols.raft.RaftImplementationInvariants.PersistBeforeReply;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeRenaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The opt-in implementation checks: correct Raft passes them on fuzz plans (with snapshots and a
 * membership plan), the variants whose bug is a missing write (R3, R4) fail PersistBeforeReply at
 * once, and each kind of difference between memory and disk is named.
 */
class RaftImplementationInvariantsTest {
  private static final NodeId S2 = NodeId.of("s2");

  private static RaftFuzzPlan checked(long seed, boolean membership) {
    return RaftFuzzPlan.draw(seed, membership)
        .withOption("checkPersistence", "true")
        .withOption("checkCopies", "true")
        .withOption("snapshotEvery", "4");
  }

  @Test
  void correctRaftPassesBothChecks() {
    ClusterRun.Result plain = ClusterRun.run(checked(7, false).plan(7, null));
    assertNull(plain.property(), plain.message());
    ClusterRun.Result membership = ClusterRun.run(checked(100_003, true).plan(100_003, null));
    assertNull(membership.property(), membership.message());
  }

  @Test
  void aVoteOrEntriesKeptOnlyInMemoryFailPersistBeforeReply() {
    for (String variant : List.of("R3", "R4")) {
      ClusterRun.Result r = ClusterRun.run(checked(7, false).plan(7, variant));
      assertEquals("PersistBeforeReply", r.property(), variant + ": " + r.message());
    }
  }

  @Test
  void theChecksAreOffByDefaultAndOptionsAreValidated() {
    assertEquals(
        5,
        new RaftSpec()
            .freshInvariants(new ClusterParams(3, null, List.of(), new TreeMap<>()))
            .size());
    List<Invariant> both =
        RaftImplementationInvariants.after(
            List.of(), Map.of("checkPersistence", "true", "checkCopies", "true"));
    assertEquals(
        List.of("PersistBeforeReply", "CopyFidelity"), both.stream().map(Invariant::name).toList());
    assertThrows(
        IllegalArgumentException.class,
        () -> RaftImplementationInvariants.after(List.of(), Map.of("checkCopies", "yes")));
  }

  @Test
  void eachDifferenceBetweenMemoryAndDiskIsNamed() {
    RaftState s = RaftInvariantsTest.server("s1", 0, RaftRole.FOLLOWER);
    assertNull(PersistBeforeReply.mismatch(s, null), "a fresh server matches an empty disk");
    s.term = 2;
    assertTrue(PersistBeforeReply.mismatch(s, null).startsWith("term 2"));
    RaftDurable termOnly = new RaftDurable(2, null, null, List.of());
    assertNull(PersistBeforeReply.mismatch(s, termOnly));
    s.votedFor = S2;
    assertTrue(PersistBeforeReply.mismatch(s, termOnly).startsWith("votedFor s2"));
    s.log.append(new RaftEntry(2, new RaftCommand.NoOp()));
    RaftDurable voted = new RaftDurable(2, S2, null, List.of());
    assertTrue(PersistBeforeReply.mismatch(s, voted).startsWith("a log of entries 1..1"));
    RaftDurable otherEntry =
        new RaftDurable(2, S2, null, List.of(new RaftEntry(1, new RaftCommand.NoOp())));
    assertTrue(PersistBeforeReply.mismatch(s, otherEntry).startsWith("entry 1"));
    assertNull(
        PersistBeforeReply.mismatch(s, new RaftDurable(2, S2, null, s.log.persistedEntries())));
  }

  /** A disk record whose log changes after the write (a view of an array rewritten in place). */
  @Test
  void aDiskRecordRewrittenAfterTheWriteIsCaught() {
    RaftState s = RaftInvariantsTest.server("s1", 1, RaftRole.FOLLOWER, 1);
    List<RaftEntry> disk = new ArrayList<>(List.of(s.log.entryAt(1)));
    RaftDurable record = new RaftDurable(1, null, null, disk);
    Invariant check = new PersistBeforeReply();
    assertNull(check.check(RaftInvariantsTest.viewWithDisk(record, s)));
    assertNull(check.check(RaftInvariantsTest.viewWithDisk(record, s)), "unchanged: still fine");
    RaftEntry other = new RaftEntry(2, new RaftCommand.NoOp());
    disk.set(0, other);
    s.log.truncateFrom(1);
    s.log.append(other); // memory and disk agree, but the disk changed without a write
    String wrong = check.check(RaftInvariantsTest.viewWithDisk(record, s));
    assertNotNull(wrong);
    assertTrue(wrong.contains("disk changed without a write"), wrong);
  }

  @Test
  void aBusyStateCopiesFaithfully() {
    RaftState s = RaftInvariantsTest.server("s1", 3, RaftRole.LEADER, 1, 2, 3);
    s.votes.add(S2);
    s.nextIndex.put(S2, 2);
    s.matchIndex.put(S2, 1);
    s.writableKv().apply("put", "x", "1");
    s.log.persistedEntries(); // entries seen by a disk view: rewriting them needs a copy first
    assertNull(CopyFidelity.copyDiffers(s));
    assertNotNull(s.copy(), "the check leaves the state usable");
    assertEquals(3, s.log.lastIndex(), "and unchanged");
  }

  /**
   * A fingerprint that skips part of an entry (here a client command's value) still changes on
   * every write the copy check makes, so only the comparison with the generic encoding sees it.
   */
  @Test
  void aFingerprintThatSkipsAPartIsCaught() {
    RaftState s = RaftInvariantsTest.server("s1", 2, RaftRole.LEADER, 1, 2);
    s.log.append(new RaftEntry(2, new RaftCommand.ClientCommand(S2, 1, "put", "x", "1")));
    ToLongFunction<RaftState> skipsLastValue =
        x -> {
          RaftState c = x.copy();
          RaftEntry last = c.log.entryAt(c.log.lastIndex());
          if (last.command() instanceof RaftCommand.ClientCommand cc) {
            c.log.truncateFrom(c.log.lastIndex());
            c.log.append(
                new RaftEntry(
                    last.term(),
                    new RaftCommand.ClientCommand(cc.client(), cc.seq(), cc.f(), cc.key(), "")));
          }
          return CopyFidelity.fingerprint(c);
        };
    assertNull(CopyFidelity.copyDiffers(s, CopyFidelity::fingerprint));
    String wrong = CopyFidelity.copyDiffers(s, skipsLastValue);
    assertNotNull(wrong);
    assertTrue(wrong.contains("not the generic encoding"), wrong);
  }

  /** A busy leader of three servers whose log holds a configuration entry naming two of them. */
  private static RaftState busyLeader() {
    List<NodeId> three = List.of(NodeId.of("s1"), S2, NodeId.of("s3"));
    RaftState s = new RaftState(NodeId.of("s1"), RaftConfig.from(three, null, new TreeMap<>()));
    s.term = 3;
    s.role = RaftRole.LEADER;
    for (long t : new long[] {1, 2, 3}) {
      s.log.append(new RaftEntry(t, new RaftCommand.NoOp()));
    }
    s.log.append(
        new RaftEntry(
            3, new RaftCommand.ConfigCommand(Membership.of(List.of(NodeId.of("s1"), S2)))));
    s.votedFor = S2;
    s.leaderId = NodeId.of("s1");
    s.votes.add(S2);
    s.nextIndex.put(S2, 2);
    s.matchIndex.put(S2, 1);
    s.writableKv().apply("put", "x", "1");
    return s;
  }

  /**
   * Two copies of one state that both append: a copy that shares its original's log object (the
   * coarsest form of a sharing flag not set) lets the second copy's entry reach the first.
   */
  @Test
  void siblingCopiesThatShareALogAreCaught() {
    RaftState s = busyLeader();
    assertNull(CopyFidelity.siblingsDiffer(s, RaftState::copy));
    UnaryOperator<RaftState> sharesLog =
        x -> {
          RaftState c = x.copy();
          c.log = x.log;
          return c;
        };
    String wrong = CopyFidelity.siblingsDiffer(busyLeader(), sharesLog);
    assertNotNull(wrong);
    assertTrue(wrong.contains("reached a sibling copy"), wrong);
  }

  /**
   * The symmetry reduction's renaming, which no fuzz run calls otherwise: one that leaves the log's
   * configuration entries (or everything) as they were is caught by the comparison with the fields
   * renamed one by one.
   */
  @Test
  void aRenamingThatMissesAPartIsCaught() {
    RaftState s = busyLeader();
    assertNull(CopyFidelity.renameDiffers(s, RaftState::renamed));
    BiFunction<RaftState, NodeRenaming, RaftState> keepsLog =
        (x, r) -> {
          RaftState c = x.renamed(r);
          c.log = x.log;
          return c;
        };
    String wrong = CopyFidelity.renameDiffers(s, keepsLog);
    assertNotNull(wrong);
    assertTrue(wrong.contains("does not fingerprint as its fields renamed"), wrong);
    wrong = CopyFidelity.renameDiffers(s, (x, r) -> x);
    assertNotNull(wrong, "a renaming that renames nothing");
  }

  /**
   * Servers that label their term only at boot: reports would draw term 0's band for the whole run.
   * Every other check passes; the label check fails at the first election.
   */
  @Test
  void aTermLabelLeftOutIsCaught() {
    ClusterRun.Result r =
        withLabelsFiltered(
            RaftFuzzPlan.draw(7, false),
            7,
            (key, value) -> !key.equals(Annotations.TERM) || value.equals("0"));
    assertEquals("LabelsMatchState", r.property(), r.message());
    assertTrue(r.message().contains("latest term label is"), r.message());
  }

  /**
   * Leaders that never label the configuration entries they append: the isolate-after nemesis aimed
   * at that label never fires. The label check fails once a leader has appended one.
   */
  @Test
  void aConfigAppendedLabelLeftOutIsCaught() {
    ClusterRun.Result r =
        withLabelsFiltered(
            RaftFuzzPlan.draw(100_000, true),
            100_000,
            (key, value) -> !key.equals(Annotations.CONFIG_APPENDED));
    assertEquals("LabelsMatchState", r.property(), r.message());
    assertTrue(r.message().contains("latest config-appended label is null"), r.message());
  }

  /**
   * The label check spells each role's label itself (reports and role-targeted faults read these
   * words), so a role label gone blank or renamed no longer agrees with the check.
   */
  @Test
  void theLabelCheckSpellsEachRoleItself() {
    assertEquals(
        "follower", RaftImplementationInvariants.LabelsMatchState.roleLabel(RaftRole.FOLLOWER));
    assertEquals(
        "pre-candidate",
        RaftImplementationInvariants.LabelsMatchState.roleLabel(RaftRole.PRE_CANDIDATE));
    for (RaftRole role : RaftRole.values()) {
      assertEquals(role.label(), RaftImplementationInvariants.LabelsMatchState.roleLabel(role));
    }
  }

  /** Servers that never label the votes they grant: the reboot-after-vote nemesis never fires. */
  @Test
  void aVoteLabelLeftOutIsCaught() {
    ClusterRun.Result r =
        withLabelsFiltered(
            RaftFuzzPlan.draw(7, false), 7, (key, value) -> !key.equals(Annotations.VOTE));
    assertEquals("LabelsMatchState", r.property(), r.message());
    assertTrue(r.message().contains("latest vote label is null"), r.message());
  }

  /**
   * {@code plan} at {@code seed} with the label check on: correct Raft passes it, and the result of
   * the same run with servers whose labels pass through {@code labels} (false drops one).
   */
  private static ClusterRun.Result withLabelsFiltered(
      RaftFuzzPlan plan, long seed, java.util.function.BiPredicate<String, String> labels) {
    RaftFuzzPlan checked = plan.withOption("checkLabels", "true");
    ClusterRun.Result correct = ClusterRun.run(checked.plan(seed, null));
    assertNull(correct.property(), correct.message());
    RunPlan planted =
        new PlantedSpec(
                new RaftSpec(),
                "raft whose servers leave out some labels",
                (nodes, servers) -> {
                  RaftConfig config =
                      RaftConfig.from(servers, null, checked.plan(seed, null).params().options());
                  for (NodeId s : servers) {
                    nodes.put(s, new FilteredServer(new RaftNode(config), (to, m) -> true, labels));
                  }
                })
            .on(checked.plan(seed, null));
    return ClusterRun.run(planted);
  }
}
