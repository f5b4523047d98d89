package dev.faultline.sim.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A timeline of faults, ordered by tick (ties keep insertion order). Immutable. */
public record FaultSchedule(List<ScheduledFault> faults) {
  public static final FaultSchedule NONE = new FaultSchedule(List.of());

  public FaultSchedule {
    List<ScheduledFault> sorted = new ArrayList<>(faults);
    sorted.sort(Comparator.comparingLong(ScheduledFault::tick)); // stable
    faults = List.copyOf(sorted);
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return faults.size();
  }

  /** Fluent construction: {@code FaultSchedule.builder().at(100, new Crash(s1)).build()}. */
  public static final class Builder {
    private final List<ScheduledFault> faults = new ArrayList<>();

    public Builder at(long tick, Fault fault) {
      faults.add(new ScheduledFault(tick, fault));
      return this;
    }

    public FaultSchedule build() {
      return new FaultSchedule(faults);
    }
  }
}
