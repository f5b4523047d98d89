package dev.faultline.sim.explore;

/** A protocol handler threw: reported as a violation of {@code HandlerException} with the path. */
public final class HandlerFailure extends RuntimeException {
  public static final String PROPERTY = "HandlerException";

  public HandlerFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
