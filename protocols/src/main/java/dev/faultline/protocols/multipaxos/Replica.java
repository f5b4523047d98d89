package dev.faultline.protocols.multipaxos;

import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.CatchUp;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.ClientReply;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.ClientRequest;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.Decision;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.Propose;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Map;

/**
 * The replica role of a server: takes client requests, proposes them in its slots (slot_in &lt;
 * slot_out + WINDOW), learns decisions, executes them in slot order through the session table
 * (exactly once per client and sequence number) and answers the clients whose requests it took. A
 * command that lost its slot to another goes back to the request queue.
 */
final class Replica {
  private final MultiPaxosConfig config;
  private final MultiPaxosBug bug;
  private final MultiPaxosServer server;

  Replica(MultiPaxosConfig config, MultiPaxosServer server) {
    this.config = config;
    this.bug = config.bug();
    this.server = server;
  }

  void onRequest(
      MultiPaxosState s,
      NodeId client,
      ClientRequest r,
      Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (s.sessions.alreadyExecuted(client.name(), r.seq())) {
      String output = s.sessions.outputOf(client.name(), r.seq());
      if (output != null) {
        out.send(client, new ClientReply(r.seq(), output));
      }
      return;
    }
    Command c = new Command(client, r.seq(), r.f(), r.key(), r.value(), s.self);
    if (pending(s, c)) {
      return; // already queued or proposed here: the answer comes when it executes
    }
    s.requests.add(c);
    s.takenNow.add(c);
    propose(s, out);
  }

  private static boolean pending(MultiPaxosState s, Command c) {
    for (Command q : s.requests) {
      if (q.sameRequest(c)) {
        return true;
      }
    }
    for (Command p : s.proposals.values()) {
      if (p.sameRequest(c)) {
        return true;
      }
    }
    return false;
  }

  /** Proposes queued requests in free slots inside the window. */
  void propose(MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    s.slotIn = Math.max(s.slotIn, s.slotOut);
    while (s.slotIn < s.slotOut + config.window() && !s.requests.isEmpty()) {
      // slot_in moves on before the leader sees the proposal: a leader that decides it at once
      // (a one-acceptor configuration) executes, and proposes again, from inside onPropose
      long slot = s.slotIn++;
      if (!s.decisions.containsKey(slot)) {
        Command c = s.requests.remove(0);
        if (s.sessions.alreadyExecuted(c.client().name(), c.seq())) {
          answerFromSessions(s, c, out); // it ran in another slot meanwhile
          s.slotIn = slot; // the slot is still free
          continue;
        }
        s.proposals.put(slot, c);
        server.sendToOthersExcept(s, new java.util.TreeSet<>(), new Propose(slot, c), out);
        server.onPropose(s, slot, c, out);
      }
    }
  }

  /** Re-sends proposals not yet decided (a lost Propose must not strand a request). */
  void resendProposals(MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    for (Map.Entry<Long, Command> e : s.proposals.tailMap(s.slotOut).entrySet()) {
      server.sendToOthersExcept(
          s, new java.util.TreeSet<>(), new Propose(e.getKey(), e.getValue()), out);
    }
    propose(s, out);
  }

  void onDecision(
      MultiPaxosState s, long slot, Command c, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (slot < s.slotOut || s.decisions.containsKey(slot)) {
      return;
    }
    s.decisions.put(slot, c);
    s.decidedNow.add(new AbstractMap.SimpleImmutableEntry<>(slot, c));
    executeReady(s, out);
    propose(s, out);
  }

  private void executeReady(MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    while (true) {
      Long next = s.decisions.containsKey(s.slotOut) ? Long.valueOf(s.slotOut) : null;
      if (bug == MultiPaxosBug.P6) {
        next = s.decisions.ceilingKey(s.slotOut); // the bug: run past an undecided slot
      }
      if (next == null) {
        return;
      }
      s.slotOut = next;
      Command c = s.decisions.get(next);
      Command mine = s.proposals.remove(next);
      if (mine != null && !mine.equals(c) && bug != MultiPaxosBug.P14) {
        s.requests.add(0, mine); // it lost this slot: propose it again later
      }
      perform(s, c, out);
      if (bug == MultiPaxosBug.P13) {
        s.accepted.headMap(s.slotOut).clear(); // the bug: dropped on local execution
      }
    }
  }

  private void perform(
      MultiPaxosState s, Command c, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    s.executedNow.add(new AbstractMap.SimpleImmutableEntry<>(s.executedCount, c));
    s.executedCount++;
    s.slotOut++;
    if (c.isNoop()) {
      return;
    }
    String output;
    if (c.isConfig()) {
      output = runConfig(s, c, out);
    } else if (bug == MultiPaxosBug.P7) {
      output = s.kv.apply(c.f(), c.key(), c.value()); // the bug: no session check
    } else {
      output = s.sessions.execute(s.kv, c.client().name(), c.seq(), c.f(), c.key(), c.value());
    }
    if (s.self.equals(c.origin())) {
      out.send(c.client(), new ClientReply(c.seq(), output));
    }
  }

  /**
   * A configuration command, just executed in slot_out - 1: once per (admin, seq) through the
   * session table, like every command; refused when no reconfiguration is declared for the run.
   */
  private String runConfig(
      MultiPaxosState s, Command c, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (s.sessions.alreadyExecuted(c.client().name(), c.seq())) {
      return s.sessions.outputOf(c.client().name(), c.seq());
    }
    long slot = s.slotOut - 1;
    String refused =
        config.reconfig().isEmpty()
            ? "refused: this run declares no reconfiguration"
            : Configs.run(s.configs, slot, config.window(), Configs.members(c.value()));
    String output =
        refused != null
            ? refused
            : "ok: acceptors " + c.value() + " from slot " + (slot + config.window());
    s.sessions.record(c.client().name(), c.seq(), output);
    out.annotate("config", output);
    if (refused == null) {
      server.reconfigured(s, out);
    }
    return output;
  }

  /** A replica at {@code theirSlotOut} is behind us: send decisions, or our state if dropped. */
  void helpCatchUp(
      MultiPaxosState s,
      NodeId to,
      long theirSlotOut,
      Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (theirSlotOut >= s.decisionsFrom) {
      long end = Math.min(s.slotOut, theirSlotOut + MultiPaxosConfig.CATCH_UP_BATCH);
      for (long slot = theirSlotOut; slot < end; slot++) {
        Command c = s.decisions.get(slot);
        if (c != null) {
          out.send(to, new Decision(slot, c));
        }
      }
      return;
    }
    out.send(to, new CatchUp(ReplicaSnapshot.of(s)));
  }

  /** Installs a newer replica state; requests it held that ran go away, others are re-queued. */
  void onCatchUp(
      MultiPaxosState s, ReplicaSnapshot c, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (c.slotOut() <= s.slotOut) {
      return;
    }
    s.executedCount += c.slotOut() - s.slotOut;
    boolean newConfigs = !c.configs().equals(s.configs);
    install(s, c);
    s.decisions.headMap(c.slotOut()).clear();
    for (Command mine : new ArrayList<>(s.proposals.headMap(c.slotOut()).values())) {
      if (!s.sessions.alreadyExecuted(mine.client().name(), mine.seq())) {
        s.requests.add(0, mine);
      } else {
        answerFromSessions(s, mine, out);
      }
    }
    s.proposals.headMap(c.slotOut()).clear();
    executeReady(s, out);
    if (newConfigs) {
      // configuration changes learned by transfer, not run here: a leader must re-run phase 1
      // just as when it runs one (its promises may not cover a majority of the new acceptors)
      server.reconfigured(s, out);
    }
    propose(s, out);
  }

  /** Replaces the application state by {@code c} (a restart's saved snapshot, or a transfer). */
  static void install(MultiPaxosState s, ReplicaSnapshot c) {
    s.kv = KvStore.fromSnapshot(c.kv());
    s.sessions = SessionTable.fromSnapshot(c.sessions());
    s.slotOut = c.slotOut();
    s.slotIn = Math.max(s.slotIn, c.slotOut());
    s.decisionsFrom = c.slotOut();
    s.configs = new java.util.TreeMap<>(c.configs());
  }

  /** Saves the replica's snapshot if it advanced; returns the slot_out now on storage. */
  long save(MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (s.slotOut > s.savedReplica.slotOut()) {
      s.savedReplica = ReplicaSnapshot.of(s);
      server.persist(s, out);
    }
    return s.savedReplica.slotOut();
  }

  private static void answerFromSessions(
      MultiPaxosState s, Command c, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    String output = s.sessions.outputOf(c.client().name(), c.seq());
    if (output != null && s.self.equals(c.origin())) {
      out.send(c.client(), new ClientReply(c.seq(), output));
    }
  }

  void dropDecisionsBelow(MultiPaxosState s, long slot) {
    s.decisions.headMap(slot).clear();
    s.decisionsFrom = Math.max(s.decisionsFrom, slot);
  }
}
