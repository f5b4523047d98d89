package dev.faultline.sim.fault;

import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.rand.Rng;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the swarm fuzzer alone asks of a protocol: options to vary, faults aimed at what those
 * options do, and role names worth aiming role faults at. Optional: a {@link ClusterSpec} that
 * wants it implements this interface too ({@link #of} finds it); every other protocol gets {@link
 * #NONE}. It lives beside the faults, not in {@code sim.api}, so the node API depends on neither
 * faults nor random streams.
 */
public interface SwarmHints {
  /** No hints: the fuzzer's own draws only. */
  SwarmHints NONE = new SwarmHints() {};

  /** {@code spec}'s hints when it implements this interface, else {@link #NONE}. */
  static SwarmHints of(ClusterSpec spec) {
    return spec instanceof SwarmHints hints ? hints : NONE;
  }

  /**
   * Protocol options a swarm fuzzer should vary, drawn for one seed (e.g. a small batch size, a
   * membership-change plan). Only values that differ from the defaults need appear; the result is
   * written into the generated scenario's {@code options}, so a failure replays. {@code rng} is the
   * fuzzer's per-seed stream for options. Default: none.
   */
  default SortedMap<String, String> swarmOptions(Rng rng, int servers, long durationTicks) {
    return new TreeMap<>();
  }

  /**
   * As {@link #swarmOptions(Rng, int, long)}, seeing the options the user fixed for every seed
   * ({@code fixed}; they are laid over what this returns): a protocol may read its own swarm
   * weights there (e.g. Raft's {@code swarmRarePaths}, which a mutation campaign passes to draw
   * rarely taken paths more often). Default: the three-argument hook, so a campaign without such
   * options draws exactly as before.
   */
  default SortedMap<String, String> swarmOptions(
      Rng rng, int servers, long durationTicks, SortedMap<String, String> fixed) {
    return swarmOptions(rng, servers, durationTicks);
  }

  /**
   * Faults a swarm fuzzer should add for one seed, aimed at what this seed's drawn {@code options}
   * do (e.g. state-aware faults armed around Raft's membership-change steps), on top of the
   * fuzzer's own. {@code rng} is the fuzzer's per-seed stream for these. Default: none.
   */
  default List<ScheduledFault> swarmFaults(
      Rng rng, SortedMap<String, String> options, int servers, long durationTicks) {
    return List.of();
  }

  /**
   * Role names (as the nodes announce their role) worth aiming role-targeted faults at, most
   * important first, e.g. "leader" for Raft, "primary" for primary/backup. Default: none.
   */
  default List<String> swarmRoles() {
    return List.of();
  }

  /**
   * Chance (0 to 1) that a seed switches fault kind {@code kind} on; kinds are named as a fuzz
   * scenario's description names them ("flap", "crash", "role", ...). Default 1/2 for every kind,
   * which is what the swarm drew before protocols could weigh kinds (so a protocol that keeps the
   * default draws exactly as before). A protocol lowers the kinds that make its declared progress
   * limits permanent (pb: a primary that restarts before acknowledging its view can never be
   * replaced), so fewer seeds end stuck in a limit, no longer exercising the protocol. Kinds added
   * later start off ("elected": cut-offs armed on a new leader) so every protocol draws as before
   * until it opts in.
   */
  default double swarmKindChance(String kind) {
    return LATER_KINDS.contains(kind) ? 0 : 0.5;
  }

  /** Kinds a protocol must opt in to (see {@link #swarmKindChance}). */
  List<String> LATER_KINDS = List.of("elected");

  /**
   * Server counts a swarm fuzzer draws among, one per seed, when the user fixes none (e.g. Raft: 3
   * or 5; some bugs need an even voter set, which 3 servers cannot form). Default: 3 only, the
   * fuzzer's fixed default.
   */
  default List<Integer> swarmServerCounts() {
    return List.of(3);
  }

  /**
   * Timing options (heartbeat, election or ping intervals, in ticks) drawn for one seed when the
   * user fixes no cluster shape: tight timing splits votes and replaces leaders often, loose timing
   * lets a stale leader act long. Written into the scenario's options (the user's own options win),
   * so a failure replays. {@code rng} is the fuzzer's per-seed stream for the shape. Default: none.
   */
  default SortedMap<String, String> swarmTiming(Rng rng, int servers) {
    return new TreeMap<>();
  }

  /**
   * Shares of gets in the generated workload (the rest are puts and appends, 3:4) a swarm fuzzer
   * draws among, one per seed, when the user fixes no cluster shape: read-heavy mixes keep a client
   * reading from a stale leader or primary for longer (its writes there fail and send it looking
   * for the new one), which stale-read bugs need. Default: 0.3 only, the fixed workload's share.
   */
  default List<Double> swarmGetShares() {
    return List.of(0.3);
  }
}
