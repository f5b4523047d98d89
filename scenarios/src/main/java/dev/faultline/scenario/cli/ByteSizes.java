package dev.faultline.scenario.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Parses {@code 512m}, {@code 2g}, {@code 1048576} (bytes), any case, into bytes. */
final class ByteSizes implements ITypeConverter<Long> {
  @Override
  public Long convert(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
      unit =
          switch (t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            default -> 1L << 30;
          };
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t);
      if (n <= 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new picocli.CommandLine.TypeConversionException(
          "'" + text + "' is not a size (e.g. 512m, 2g)");
    }
  }
}
