package dev.faultline.scenario.fuzz;

import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.model.Workload;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Small edits of a fuzz scenario, as a coverage-guided fuzzer mutates an input that reached new
 * coverage: remove, shift, retarget or copy a fault; remove an operation or send it to another key;
 * splice two plans' fault timelines; or run the plan under another seed (new message latencies and
 * losses). One to four edits are stacked per mutant. Everything else of the parent scenario (its
 * shape, options, network rates) is kept, and the result is an ordinary scenario.
 */
final class PlanMutator {
  /** The edits, named as a mutant's description lists them. */
  enum Edit {
    REMOVE_FAULT,
    SHIFT_FAULT,
    RETARGET_FAULT,
    COPY_FAULT,
    SPLICE,
    REMOVE_OP,
    RETARGET_OP,
    RESEED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** A mutant and the edits that made it. */
  record Mutant(Scenario scenario, List<Edit> edits) {}

  private final List<String> roles;

  /** {@code roles}: the protocol's swarm roles, for retargeting role faults. */
  PlanMutator(List<String> roles) {
    this.roles = roles;
  }

  /**
   * {@code parent} with one to four edits drawn from {@code rng}; {@code other} is the second plan
   * a splice takes faults from; {@code freshSeed} the seed a reseed gives it.
   */
  Mutant mutate(Scenario parent, Scenario other, Rng rng, long freshSeed) {
    int edits = 1;
    while (edits < 4 && rng.chance(0.5)) {
      edits++;
    }
    Scenario s = parent;
    List<Edit> done = new ArrayList<>();
    for (int i = 0; i < edits; i++) {
      Edit e = Edit.values()[rng.nextInt(Edit.values().length)];
      Scenario next = apply(e, s, other, rng, freshSeed);
      if (next != null) {
        s = next;
        done.add(e);
      }
    }
    if (done.isEmpty()) { // nothing applied (no fault, no operation): at least new draws
      s = s.withSeed(freshSeed);
      done.add(Edit.RESEED);
    }
    List<ScheduledFault> sorted = new ArrayList<>(s.faults());
    sorted.sort(Comparator.comparingLong(ScheduledFault::tick)); // stable: ties keep their order
    return new Mutant(s.withFaults(sorted), done);
  }

  /** The scenario with edit {@code e}, or null when it does not apply (e.g. no fault to remove). */
  private Scenario apply(Edit e, Scenario s, Scenario other, Rng rng, long freshSeed) {
    List<ScheduledFault> faults = new ArrayList<>(s.faults());
    int i = faults.isEmpty() ? -1 : rng.nextInt(faults.size());
    long last = Math.max(1, s.durationTicks() - 1);
    switch (e) {
      case REMOVE_FAULT -> {
        if (i < 0) {
          return null;
        }
        faults.remove(i);
      }
      case SHIFT_FAULT -> {
        if (i < 0) {
          return null;
        }
        ScheduledFault f = faults.get(i);
        long tick =
            rng.chance(0.25)
                ? rng.nextLong(0, last)
                : f.tick() + rng.nextLong(-Math.max(10, last / 20), Math.max(10, last / 20));
        faults.set(i, new ScheduledFault(Math.clamp(tick, 0, last), f.fault()));
      }
      case RETARGET_FAULT -> {
        if (i < 0) {
          return null;
        }
        faults.set(i, new ScheduledFault(faults.get(i).tick(), retarget(faults.get(i), s, rng)));
      }
      case COPY_FAULT -> {
        if (i < 0) {
          return null;
        }
        copy(faults.get(i).fault(), rng.nextLong(0, last), last, rng, faults);
      }
      case SPLICE -> {
        return splice(s, other, rng);
      }
      case REMOVE_OP, RETARGET_OP -> {
        return editOp(s, e == Edit.REMOVE_OP, rng);
      }
      case RESEED -> {
        return s.seed() == freshSeed ? null : s.withSeed(freshSeed);
      }
    }
    return s.withFaults(faults);
  }

  /**
   * A copy of {@code f} at {@code at}, with its end when it starts an episode (a crash's restart, a
   * cut's heal) a few to a few hundred ticks later.
   */
  private static void copy(Fault f, long at, long last, Rng rng, List<ScheduledFault> out) {
    out.add(new ScheduledFault(at, f));
    long end = Math.min(last, at + rng.nextLong(1, rng.chance(0.5) ? 30 : 400));
    Fault closing =
        switch (f) {
          case Fault.Crash c -> new Fault.Restart(c.node(), false);
          case Fault.CrashRole c -> new Fault.RestartLastCrashed();
          case Fault.Isolate x -> new Fault.Heal();
          case Fault.IsolateRole x -> new Fault.Heal();
          case Fault.Partition x -> new Fault.Heal();
          case Fault.BlockLink b -> new Fault.UnblockLink(b.from(), b.to());
          default -> null;
        };
    if (closing != null) {
      out.add(new ScheduledFault(end, closing));
    }
  }

  /** {@code f} aimed elsewhere: another server, another role, or a longer or shorter effect. */
  private Fault retarget(ScheduledFault scheduled, Scenario s, Rng rng) {
    NodeId n = NodeId.of("s" + (1 + rng.nextInt(s.nodes())));
    long scale = rng.chance(0.5) ? 2 : -2; // 2: twice as long, -2: half as long
    return switch (scheduled.fault()) {
      case Fault.Crash c -> new Fault.Crash(n);
      case Fault.Restart r -> new Fault.Restart(n, r.wipeDisk());
      case Fault.Isolate x -> new Fault.Isolate(n);
      case Fault.ClockSkew k -> new Fault.ClockSkew(n, k.offsetTicks());
      case Fault.ClockDrift d -> new Fault.ClockDrift(n, d.driftPpm());
      case Fault.BlockLink b -> n.equals(b.to()) ? b : new Fault.BlockLink(n, b.to());
      case Fault.UnblockLink u -> n.equals(u.to()) ? u : new Fault.UnblockLink(n, u.to());
      case Fault.HoldMessages h -> new Fault.HoldMessages(n, h.to(), h.count(), h.holdTicks());
      case Fault.CrashRole c -> new Fault.CrashRole(anotherRole(c.role(), rng));
      case Fault.IsolateRole x ->
          new Fault.IsolateRole(anotherRole(x.role(), rng), !x.keepClients());
      case Fault.RebootAfterAnnotation r ->
          new Fault.RebootAfterAnnotation(r.key(), scaled(r.downTicks(), scale));
      case Fault.IsolateAfterAnnotation r ->
          new Fault.IsolateAfterAnnotation(r.key(), scaled(r.isolateTicks(), scale));
      case Fault.Partition p -> moved(p, rng);
      default -> scheduled.fault();
    };
  }

  private String anotherRole(String role, Rng rng) {
    return roles.isEmpty() ? role : roles.get(rng.nextInt(roles.size()));
  }

  private static long scaled(long ticks, long scale) {
    return Math.max(0, scale > 0 ? Math.max(1, ticks * scale) : ticks / -scale);
  }

  /** The partition with one node moved to the other side (unchanged if a side would empty). */
  private static Fault moved(Fault.Partition p, Rng rng) {
    if (p.groups().size() != 2) {
      return p;
    }
    Set<NodeId> a = new TreeSet<>(p.groups().get(0));
    Set<NodeId> b = new TreeSet<>(p.groups().get(1));
    boolean fromA = rng.chance(0.5);
    Set<NodeId> src = fromA ? a : b;
    if (src.size() < 2) {
      return p;
    }
    NodeId n = new ArrayList<>(src).get(rng.nextInt(src.size()));
    src.remove(n);
    (fromA ? b : a).add(n);
    return new Fault.Partition(List.of(a, b));
  }

  /**
   * The first part of {@code s}'s timeline and the rest of {@code other}'s, cut at one tick; null
   * when the two plans do not fit together (other protocol or server count).
   */
  private static Scenario splice(Scenario s, Scenario other, Rng rng) {
    if (other == null
        || other == s
        || other.nodes() != s.nodes()
        || !other.protocol().equals(s.protocol())
        || other.durationTicks() != s.durationTicks()) {
      return null;
    }
    long cut = rng.nextLong(0, Math.max(0, s.durationTicks() - 1));
    List<ScheduledFault> faults = new ArrayList<>();
    s.faults().stream().filter(f -> f.tick() < cut).forEach(faults::add);
    other.faults().stream().filter(f -> f.tick() >= cut).forEach(faults::add);
    return s.withFaults(faults);
  }

  /**
   * One client operation removed, or sent to another key of the workload; the workload becomes its
   * explicit script (as the shrinker makes it). Null when there is no operation.
   */
  private static Scenario editOp(Scenario s, boolean remove, Rng rng) {
    List<List<ClientOp>> script = new ArrayList<>();
    List<String> keys = new ArrayList<>(new TreeSet<>(keysOf(s.clientOps())));
    int total = 0;
    for (List<ClientOp> ops : s.clientOps()) {
      script.add(new ArrayList<>(ops));
      total += ops.size();
    }
    if (total == 0 || (!remove && keys.size() < 2)) {
      return null;
    }
    int k = rng.nextInt(total);
    for (List<ClientOp> ops : script) {
      if (k < ops.size()) {
        ClientOp op = ops.get(k);
        if (remove) {
          ops.remove(k);
        } else {
          String key = keys.get(rng.nextInt(keys.size()));
          ops.set(k, new ClientOp(op.f(), key, op.value(), op.notBeforeTick()));
        }
        break;
      }
      k -= ops.size();
    }
    return s.withWorkload(s.clients(), new Workload.Script(script));
  }

  private static List<String> keysOf(List<List<ClientOp>> script) {
    return script.stream().flatMap(List::stream).map(ClientOp::key).toList();
  }
}
