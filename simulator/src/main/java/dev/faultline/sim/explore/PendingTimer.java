package dev.faultline.sim.explore;

import dev.faultline.sim.api.Timer;

/**
 * A timer armed on a node with its delay range in local ticks. The explorer does not track when a
 * timer was armed: a timer may fire unless another pending timer of the same node must fire first
 * (that one's {@code maxTicks} is below this one's {@code minTicks}).
 */
record PendingTimer(Timer timer, long minTicks, long maxTicks, long fingerprint) {}
