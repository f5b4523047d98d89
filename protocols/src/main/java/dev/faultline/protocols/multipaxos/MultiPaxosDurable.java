package dev.faultline.protocols.multipaxos;

import com.google.common.collect.ImmutableSortedMap;
import dev.faultline.sim.api.Durable;

/**
 * What a server keeps on stable storage: its acceptor's promise, its accepted pvalues (the highest
 * ballot per slot) and the garbage-collection floor below which it dropped them; and its replica's
 * last saved snapshot. A replica saves a snapshot before it reports its slot_out to the leader, so
 * every slot below the garbage-collection floor (the minimum reported slot_out) survives in every
 * replica's storage even after the acceptors have dropped it.
 */
public record MultiPaxosDurable(
    Ballot promised, ImmutableSortedMap<Long, PValue> accepted, long floor, ReplicaSnapshot replica)
    implements Durable {}
