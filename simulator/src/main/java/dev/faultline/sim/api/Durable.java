package dev.faultline.sim.api;

/**
 * What a node has written to stable storage. Immutable (a record of immutable values): the kernel
 * keeps the reference it was given by {@link Effects#persist}, and a crash-restart hands the last
 * one back to {@link Protocol#init}. Anything not persisted is lost in a crash.
 */
public interface Durable {}
