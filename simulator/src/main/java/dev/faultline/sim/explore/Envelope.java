package dev.faultline.sim.explore;

import dev.faultline.sim.api.Message;

/**
 * One message in flight, from node index {@code from} to node index {@code to}. {@code fingerprint}
 * covers (from, to, message) and orders the in-flight multiset canonically; {@code id} is a trace
 * message id used only when replaying a counterexample (0 during search, never fingerprinted).
 */
record Envelope(int from, int to, Message message, long fingerprint, long id) {

  /** Canonical order: by fingerprint, then by id (so replay delivers the oldest equal copy). */
  static int compare(Envelope a, Envelope b) {
    int c = Long.compare(a.fingerprint, b.fingerprint);
    return c != 0 ? c : Long.compare(a.id, b.id);
  }
}
