package dev.faultline.check;

/**
 * Example of a user model in one class: a mutual-exclusion lock. {@code acquire} succeeds only when
 * the lock is free and makes the caller the holder; {@code release} only by the holder. The state
 * is the holder's process id, or -1 when free.
 */
final class LockModel implements Model<Integer> {
  @Override
  public String name() {
    return "lock";
  }

  @Override
  public Integer initialState() {
    return -1;
  }

  @Override
  public Integer step(Integer holder, Operation op) {
    return switch (op.f()) {
      case "acquire" -> holder == -1 ? op.process() : null;
      case "release" -> holder == op.process() ? -1 : null;
      default -> null;
    };
  }

  @Override
  public String validate(Operation op) {
    return op.f().equals("acquire") || op.f().equals("release")
        ? null
        : "unknown f '" + op.f() + "' for model lock (expected acquire or release)";
  }

  @Override
  public String describe(Integer holder) {
    return holder == -1 ? "free" : "held by process " + holder;
  }
}
