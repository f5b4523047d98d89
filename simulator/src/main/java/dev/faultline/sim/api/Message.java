package dev.faultline.sim.api;

/**
 * A message between nodes. Each protocol declares one sealed sub-interface whose permitted subtypes
 * are records; handlers switch over it exhaustively. Messages are immutable (records holding
 * primitives, strings, NodeIds, enums and Guava immutable collections), so the kernel and the
 * explorer share them without copying, and equal messages are interchangeable.
 */
public interface Message {}
