package dev.faultline.sim.world;

/**
 * One pending thing in the world's queue. Mutable for cancellation, and so that the world can reuse
 * an event once nothing refers to it any more ({@link WorldState#recycle}): a 1,000-operation fuzz
 * seed queues tens of thousands of them, a fifth of the bytes it allocated.
 */
final class Event {
  static final int DELIVER = 0;
  static final int TIMER = 1;
  static final int FAULT = 2;

  long tick;
  long seq;
  int kind;
  int node; // receiver (deliver), owner (timer); -1 for faults
  int from; // sender (deliver)
  Object payload; // Message, Timer or Fault
  long msgId;
  int incarnation; // timer: the owner's incarnation when set
  boolean cancelled;
  Event next; // EventQueue's intrusive FIFO link within one tick's bucket; the free list's link

  Event(
      long tick,
      long seq,
      int kind,
      int node,
      int from,
      Object payload,
      long msgId,
      int incarnation) {
    set(tick, seq, kind, node, from, payload, msgId, incarnation);
  }

  /** Gives a fresh or recycled event its fields (not cancelled, unlinked). */
  Event set(
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
    this.cancelled = false;
    this.next = null;
    return this;
  }
}
