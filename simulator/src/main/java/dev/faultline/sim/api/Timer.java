package dev.faultline.sim.api;

/**
 * A timer a node sets on itself. Like messages: one sealed sub-interface of records per protocol. A
 * node has at most one pending timer per equal value: setting an equal timer again replaces
 * (re-arms) it, which is what election and heartbeat timers want.
 */
public interface Timer {}
