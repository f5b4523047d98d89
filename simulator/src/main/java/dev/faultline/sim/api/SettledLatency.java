package dev.faultline.sim.api;

import java.util.Map;

/**
 * A bound on client latency once faults have stopped, which a protocol declares from its own
 * timeouts ({@link ClusterSpec#settledLatency}). Liveness alone only asks that every operation
 * finishes some time; a protocol that silently loses a reply, or refuses a request it could serve,
 * still finishes every operation on the client's next retry, just later. This bound sees that.
 *
 * <p>The rule, checked after a stabilize phase: let {@code quiet} be the first tick at which no
 * message sent while faults still acted can be in flight (the last fault, stabilization included,
 * plus the longest delay the run's networks and held messages allow). Every client operation
 * invoked at tick {@code t} completes by {@code max(t, quiet + settleTicks) + opTicks}. A violation
 * is reported as Liveness, so a progress limit the protocol declared excuses it exactly as it
 * excuses an unfinished operation.
 *
 * @param settleTicks how long the protocol needs after faults stop to settle (detect failures,
 *     change views or elect, bring replicas up to date, let clients learn the new leader)
 * @param opTicks how long one operation may take in the settled cluster (queueing behind other
 *     clients included); shorter than a client's retry interval, so an answer that needs a retry
 *     breaks it
 */
public record SettledLatency(long settleTicks, long opTicks) {
  /**
   * The protocol option that turns on the calm latency check ({@link ClusterSpec#calmLatency}): a
   * check option, off by default, that changes no run, only what is judged after it.
   */
  public static final String CALM_OPTION = "checkCalmLatency";

  public SettledLatency {
    if (settleTicks < 0 || opTicks < 1) {
      throw new IllegalArgumentException("settleTicks must be >= 0 and opTicks >= 1");
    }
  }

  /**
   * Whether {@code options} turn the calm latency check on: {@link #CALM_OPTION} is {@code true} or
   * {@code false} (absent: false); any other value is an error naming it.
   */
  public static boolean calmRequested(Map<String, String> options) {
    return BooleanOption.parse(options, null, CALM_OPTION, false);
  }
}
