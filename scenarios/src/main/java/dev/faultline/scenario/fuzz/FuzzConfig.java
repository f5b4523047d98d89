package dev.faultline.scenario.fuzz;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The shape of the scenarios a fuzz campaign draws: protocol and variant, cluster size, workload
 * size. Timing derives from the workload: clients offer their operations over roughly the first
 * half of the fault period ({@code thinkTicks} apart on average), then the cluster is stabilized
 * for long enough that a live protocol finishes every remaining operation.
 *
 * @param variant bug variant id, or null for the correct protocol
 * @param durationTicks the fault period; 0 derives it from the workload
 * @param stabilizeTicks the stabilize phase; 0 derives it from the workload, negative turns it (and
 *     the liveness check) off
 * @param options protocol options for every seed (e.g. preVote=false)
 * @param drawsShape each seed draws its cluster's shape: the server count among the protocol's
 *     {@link dev.faultline.sim.fault.SwarmHints#swarmServerCounts} (ignoring {@code nodes}) and its
 *     timing options ({@link dev.faultline.sim.fault.SwarmHints#swarmTiming}; {@code options} still
 *     win). False: {@code nodes} servers and the protocol's default timing on every seed.
 */
public record FuzzConfig(
    String protocol,
    String variant,
    int nodes,
    int clients,
    int ops,
    long thinkTicks,
    long durationTicks,
    long stabilizeTicks,
    SortedMap<String, String> options,
    boolean drawsShape) {

  public static FuzzConfig of(String protocol, String variant) {
    return new FuzzConfig(protocol, variant, 3, 3, 200, 10, 0, 0, new TreeMap<>());
  }

  /** A fixed shape: {@code nodes} servers and the protocol's default timing on every seed. */
  public FuzzConfig(
      String protocol,
      String variant,
      int nodes,
      int clients,
      int ops,
      long thinkTicks,
      long durationTicks,
      long stabilizeTicks,
      SortedMap<String, String> options) {
    this(
        protocol,
        variant,
        nodes,
        clients,
        ops,
        thinkTicks,
        durationTicks,
        stabilizeTicks,
        options,
        false);
  }

  public FuzzConfig(
      String protocol,
      String variant,
      int nodes,
      int clients,
      int ops,
      long thinkTicks,
      long durationTicks,
      long stabilizeTicks) {
    this(
        protocol,
        variant,
        nodes,
        clients,
        ops,
        thinkTicks,
        durationTicks,
        stabilizeTicks,
        new TreeMap<>());
  }

  public FuzzConfig {
    options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
    if (nodes < 1 || clients < 1 || ops < 0 || thinkTicks < 0) {
      throw new IllegalArgumentException("nodes and clients must be >= 1, ops and thinkTicks >= 0");
    }
  }

  public long effectiveDurationTicks() {
    if (durationTicks > 0) {
      return durationTicks;
    }
    long perClient = (ops + clients - 1) / clients;
    return Math.max(3_000, 2 * perClient * Math.max(thinkTicks, 1) + 2_000);
  }

  /**
   * The event bound of a fuzzed run: generous (a correct 3-node Raft run uses about 14 events per
   * client operation), so only a message storm or livelock reaches it, which then reads as
   * inconclusive instead of running for minutes.
   */
  public long maxEvents() {
    return 400L * ops + 200_000;
  }

  public long effectiveStabilizeTicks() {
    if (stabilizeTicks < 0) {
      return 0; // no stabilize phase, so no liveness check
    }
    if (stabilizeTicks > 0) {
      return stabilizeTicks;
    }
    long perClient = (ops + clients - 1) / clients;
    return Math.max(5_000, 40 * perClient + 3_000);
  }

  /** {@code n} servers on every seed (a fixed shape: no drawn count or timing). */
  public FuzzConfig withNodes(int n) {
    return edit(
        b -> {
          b.nodes = n;
          b.drawsShape = false;
        });
  }

  public FuzzConfig withClients(int c) {
    return edit(b -> b.clients = c);
  }

  public FuzzConfig withOps(int o) {
    return edit(b -> b.ops = o);
  }

  public FuzzConfig withVariant(String v) {
    return edit(b -> b.variant = v);
  }

  public FuzzConfig withOptions(SortedMap<String, String> o) {
    return edit(b -> b.options = o);
  }

  public FuzzConfig withTicks(long duration, long stabilize) {
    return edit(
        b -> {
          b.durationTicks = duration;
          b.stabilizeTicks = stabilize;
        });
  }

  /**
   * Each seed draws its shape (server count and timing, see {@code drawsShape}): what {@code
   * faultline fuzz} and the zoo do when no server count is given.
   */
  public FuzzConfig withDrawnShape() {
    return edit(b -> b.drawsShape = true);
  }

  /** A copy with {@code change} applied: each wither changes its own fields only. */
  private FuzzConfig edit(java.util.function.Consumer<Editable> change) {
    Editable b = new Editable(this);
    change.accept(b);
    return new FuzzConfig(
        protocol,
        b.variant,
        b.nodes,
        b.clients,
        b.ops,
        thinkTicks,
        b.durationTicks,
        b.stabilizeTicks,
        b.options,
        b.drawsShape);
  }

  /** The components the withers change, mutable, for {@link #edit}. */
  private static final class Editable {
    String variant;
    int nodes;
    int clients;
    int ops;
    long durationTicks;
    long stabilizeTicks;
    SortedMap<String, String> options;
    boolean drawsShape;

    Editable(FuzzConfig c) {
      variant = c.variant;
      nodes = c.nodes;
      clients = c.clients;
      ops = c.ops;
      durationTicks = c.durationTicks;
      stabilizeTicks = c.stabilizeTicks;
      options = c.options;
      drawsShape = c.drawsShape;
    }
  }
}
