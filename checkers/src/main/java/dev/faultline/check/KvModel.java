package dev.faultline.check;

/**
 * A key-value store of strings: {@code get}, {@code put}, {@code append} on string keys; an absent
 * key reads as {@code ""} (a null get result means ""), {@code append} concatenates. Keys are
 * independent, so each key is its own partition and its state is just that key's value (a {@link
 * KvValue}, a rope, so that appends are cheap).
 */
class KvModel implements Model<KvValue> { // not final: a test turns off blind writes

  @Override
  public String name() {
    return "kv";
  }

  @Override
  public KvValue initialState() {
    return KvValue.EMPTY;
  }

  @Override
  public KvValue step(KvValue state, Operation op) {
    if (state == KvValue.UNOBSERVABLE) {
      return switch (op.f()) {
        case "get" -> op.outputKnown() ? null : state;
        case "put" -> KvValue.of((String) op.input());
        default -> state;
      };
    }
    return switch (op.f()) {
      case "get" -> {
        if (!op.outputKnown()) {
          yield state;
        }
        String seen = op.output() == null ? "" : (String) op.output();
        yield state.textEquals(seen) ? state : null;
      }
      case "put" -> KvValue.of((String) op.input());
      case "append" -> state.append((String) op.input());
      default -> throw new IllegalStateException("unvalidated f " + op.f());
    };
  }

  @Override
  public boolean isReadOnly(Operation op) {
    return op.f().equals("get");
  }

  @Override
  public boolean mayBecomeLegal(KvValue state, Operation read) {
    if (!read.outputKnown()) {
      return true;
    }
    String seen = read.output() == null ? "" : (String) read.output();
    return state.mayBePrefixOf(seen);
  }

  @Override
  public boolean mayBeObserved(Operation op, java.util.List<Operation> completedReads) {
    String v = (String) op.input();
    for (Operation read : completedReads) {
      if (!read.outputKnown() || (read.output() != null && ((String) read.output()).contains(v))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public KvValue unobservable() {
    return KvValue.UNOBSERVABLE;
  }

  @Override
  public boolean resets(Operation op) {
    return op.f().equals("put");
  }

  @Override
  public boolean overwrites(Operation op) {
    return op.f().equals("put"); // a put's value, from any state (UNOBSERVABLE included)
  }

  @Override
  public String partitionOf(Operation op) {
    return op.key();
  }

  @Override
  public String validate(Operation op) {
    switch (op.f()) {
      case "get", "put", "append" -> {}
      default -> {
        return "unknown f '" + op.f() + "' for model kv (expected get, put or append)";
      }
    }
    if (op.key() == null) {
      return "missing key for model kv";
    }
    if (!op.f().equals("get") && !(op.input() instanceof String)) {
      return op.f() + " needs a string value, found " + describeValue(op.input());
    }
    if (op.f().equals("get")
        && op.outputKnown()
        && op.output() != null
        && !(op.output() instanceof String)) {
      return "get returned a non-string value " + describeValue(op.output());
    }
    return null;
  }

  @Override
  public String describe(KvValue state) {
    return state.text();
  }

  static String describeValue(Object v) {
    return v == null ? "null" : v instanceof String s ? '"' + s + '"' : String.valueOf(v);
  }
}
