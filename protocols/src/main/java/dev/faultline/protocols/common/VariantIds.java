package dev.faultline.protocols.common;

import java.util.Arrays;

/** Reads a bug-variant id (R4, B2, P8, V8, ...) into one protocol's enum of variants. */
public final class VariantIds {
  private VariantIds() {}

  /**
   * The constant of {@code type} named {@code id}; null for null or "" (the correct protocol).
   *
   * @throws IllegalArgumentException naming the protocol and its known ids, for any other id
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String protocol, String id) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    for (E variant : type.getEnumConstants()) {
      if (variant.name().equals(id)) {
        return variant;
      }
    }
    throw new IllegalArgumentException(
        "unknown "
            + protocol
            + " variant '"
            + id
            + "' (known: "
            + Arrays.toString(type.getEnumConstants())
            + ")");
  }
}
