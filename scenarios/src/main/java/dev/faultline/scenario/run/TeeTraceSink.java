package dev.faultline.scenario.run;

import dev.faultline.sim.trace.NodeStateLog;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.List;

/** Sends every event to several sinks (e.g. the trace file and the hash), in order. */
public final class TeeTraceSink implements TraceSink {
  private final List<TraceSink> sinks;

  public TeeTraceSink(List<TraceSink> sinks) {
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

  /** The first sink's node-state log, if one of them keeps one. */
  @Override
  public NodeStateLog states() {
    for (TraceSink s : sinks) {
      if (s.states() != null) {
        return s.states();
      }
    }
    return null;
  }
}
