package dev.faultline.protocols.pb;

/**
 * Timing of the protocol, in ticks (the kernel's default latency is 1-5 ticks). A server is
 * declared dead by the view server when it has not pinged during two consecutive check intervals
 * (DSLabs' deterministic two-set check), i.e. after 20-40 ticks of silence with these defaults.
 */
public record PbConfig(
    long pingIntervalTicks,
    long pingCheckTicks,
    long forwardRetryTicks,
    long transferRetryTicks,
    long clientRetryTicks) {

  public static final PbConfig DEFAULT = new PbConfig(20, 20, 30, 40, 100);

  public PbConfig {
    if (pingIntervalTicks < 1
        || pingCheckTicks < pingIntervalTicks
        || forwardRetryTicks < 1
        || transferRetryTicks < 1
        || clientRetryTicks < 1) {
      throw new IllegalArgumentException("invalid PbConfig " + this);
    }
  }
}
