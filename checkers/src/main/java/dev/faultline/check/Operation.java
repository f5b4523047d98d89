package dev.faultline.check;

/**
 * One operation of a history, as the checker sees it: an invoke paired with its completion.
 *
 * <p>{@code input} is the value of the invoke event (a put's or write's argument, a cas's {@code
 * [expected, new]}), {@code output} the value of the {@code ok} completion (what a read returned).
 * Values are {@code String} (kv), {@code Long}, {@code List<Long>} or null (register), or whatever
 * a reader produced. {@code completed} is true for an {@code ok} operation: it must be placed in
 * the linearization. Otherwise the operation is indeterminate ({@code info} or never completed): it
 * may take effect at any time after its invoke, or never, and its output is unknown. Failed
 * operations never reach the checker: they did not happen. {@code outputKnown} is false for
 * indeterminate operations and for reads whose result was not recorded (Knossos: a nil read).
 *
 * <p>{@code invokeIndex}/{@code completeIndex} are 0-based positions of the events in the history
 * ({@code completeIndex} is -1 when there is no completion; for an {@code info} operation it is the
 * info event); {@code invokeLine}/{@code completeLine} are file lines (0 when the history did not
 * come from a file).
 */
public record Operation(
    int process,
    String f,
    String key,
    Object input,
    Object output,
    boolean completed,
    boolean outputKnown,
    int invokeIndex,
    int completeIndex,
    long invokeLine,
    long completeLine) {

  /** The value shown to users: what a read returned, otherwise the argument. */
  public Object shownValue() {
    return outputKnown && input == null ? output : input;
  }
}
