package dev.faultline.sim.world;

/** One pending thing in the world's queue. Mutable only for cancellation. */
final class Event {
  static final int DELIVER = 0;
  static final int TIMER = 1;
  static final int FAULT = 2;

  final long tick;
  final long seq;
  final int kind;
  final int node; // receiver (deliver), owner (timer); -1 for faults
  final int from; // sender (deliver)
  final Object payload; // Message, Timer or Fault
  final long msgId;
  final int incarnation; // timer: the owner's incarnation when set
  boolean cancelled;
  Event next; // EventQueue's intrusive FIFO link within one tick's bucket

  Event(
      long tick,
      long seq,
      int kind,
      int node,
      int from,
      Object payload,
      long msgId,
      int incarnation) {
    this.tick = tick;
    this.seq = seq;
    this.kind = kind;
    this.node = node;
    this.from = from;
    this.payload = payload;
    this.msgId = msgId;
    this.incarnation = incarnation;
  }
}
