package dev.faultline.sim.api;

import java.util.Map;

/**
 * Reads a yes/no option from a run's options: exactly {@code true} or {@code false}, absent gives
 * the default, anything else is a user mistake whose message names the option and the value (the
 * CLI prints it as one line and exits 2). Every protocol's switches parse through here, so they
 * accept and refuse the same spellings.
 */
public final class BooleanOption {
  private BooleanOption() {}

  /**
   * The value of {@code key} in {@code options}, or {@code absent} when it is not set. {@code
   * owner} names whose option it is in the error ("raft"), or is null for the kit's own.
   */
  public static boolean parse(
      Map<String, String> options, String owner, String key, boolean absent) {
    String v = options.get(key);
    if (v == null) {
      return absent;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              (owner == null ? "" : owner + " ")
                  + "option '"
                  + key
                  + "' must be true or false, was '"
                  + v
                  + "'");
    };
  }
}
