package dev.faultline.scenario.run;

import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.List;

/** Sends every event to several sinks (e.g. the trace file and the hash), in order. */
final class TeeTraceSink implements TraceSink {
  private final List<TraceSink> sinks;

  TeeTraceSink(List<TraceSink> sinks) {
    this.sinks = List.copyOf(sinks.stream().filter(TraceSink::enabled).toList());
  }

  @Override
  public boolean enabled() {
    return !sinks.isEmpty();
  }

  @Override
  public void accept(TraceEvent event) {
    for (TraceSink s : sinks) {
      s.accept(event);
    }
  }
}
