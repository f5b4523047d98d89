package dev.faultline.protocols.pb;

/**
 * Timing of the protocol, in ticks (the kernel's default latency is 1-5 ticks). A server is
 * declared dead by the view server when it has not pinged during two consecutive check intervals
 * (DSLabs' deterministic two-set check), i.e. after 20-40 ticks of silence with these defaults.
 * {@link #DEFAULT} is the only timing: pb takes no options, so nothing builds another (a validating
 * constructor had no caller to reject).
 */
public record PbConfig(
    long pingIntervalTicks,
    long pingCheckTicks,
    long forwardRetryTicks,
    long transferRetryTicks,
    long clientRetryTicks) {

  public static final PbConfig DEFAULT = new PbConfig(20, 20, 30, 40, 100);
}
