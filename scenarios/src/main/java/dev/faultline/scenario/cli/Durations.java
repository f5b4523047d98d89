package dev.faultline.scenario.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * Parses {@code 90}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 500ms} (any case) into
 * milliseconds: the one parser behind every {@code --time} flag.
 */
final class Durations implements ITypeConverter<Long> {
  @Override
  public Long convert(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1000;
    String number = t;
    if (t.endsWith("ms")) {
      unit = 1;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 60_000;
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      unit = 3_600_000;
      number = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(number);
      if (n <= 0) {
        throw new IllegalArgumentException();
      }
      return n * unit;
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.TypeConversionException(
          "'" + text + "' is not a duration (e.g. 60s, 5m, 1h)");
    }
  }
}
