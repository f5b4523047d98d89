package dev.faultline.sim.api;

/** One operation in a client's workload: f is get, put or append (KV model). */
public record ClientOp(String f, String key, String value) {}
