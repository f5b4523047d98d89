package dev.faultline.sim.api;

/**
 * A named ALWAYS property, checked after every event. Returns null when it holds, or a sentence
 * saying what broke (naming nodes, terms, indices). A fresh instance is made for each run (see
 * {@link ClusterSpec}), so it may remember what it saw earlier in the run (e.g. which node led
 * which term); under the explorer, such memory must instead live in node state (ghost fields),
 * because states are revisited along different paths.
 */
public interface Invariant {
  String name();

  String check(SystemView view);
}
