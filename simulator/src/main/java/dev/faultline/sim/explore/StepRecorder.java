package dev.faultline.sim.explore;

import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;

/**
 * Receives what happens inside one model step, with message ids, so a replayed counterexample can
 * be written as a trace. Only replay uses one; the search runs without.
 */
interface StepRecorder {
  long nextMessageId();

  void send(long msgId, NodeId from, NodeId to, Message message);

  void persist(NodeId node);

  void history(NodeId node, HistoryEvent event);

  void annotate(NodeId node, String key, String value);
}
