package dev.faultline.check;

/** The built-in models. */
public final class Models {
  private Models() {}

  /** Strings under string keys: get/put/append, one partition per key. */
  public static Model<?> kv() {
    return new KvModel();
  }

  /** One integer register: read/write/cas; {@code initial} null means "never written". */
  public static Model<?> register(Long initial) {
    return new RegisterModel(initial);
  }

  /** A model by its CLI name ({@code kv}, {@code register}), or null. */
  public static Model<?> byName(String name, Long initial) {
    return switch (name) {
      case "kv" -> kv();
      case "register" -> register(initial);
      default -> null;
    };
  }
}
