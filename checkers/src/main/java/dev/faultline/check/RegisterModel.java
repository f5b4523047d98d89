package dev.faultline.check;

import java.util.List;
import java.util.Optional;

/**
 * One register of integers: {@code read}, {@code write}, {@code cas [expected new]}. The state is
 * empty when the register was never written (a read returning null/nil saw it absent). Failed
 * operations never reach a model, so an {@code ok} cas swapped; an indeterminate cas swaps if the
 * expected value is there and otherwise did nothing.
 */
final class RegisterModel implements Model<Optional<Long>> {
  private final Optional<Long> initial;

  RegisterModel(Long initial) {
    this.initial = Optional.ofNullable(initial);
  }

  @Override
  public String name() {
    return "register";
  }

  @Override
  public Optional<Long> initialState() {
    return initial;
  }

  @Override
  public Optional<Long> step(Optional<Long> state, Operation op) {
    return switch (op.f()) {
      case "read" -> {
        if (!op.outputKnown()) {
          yield state;
        }
        yield state.equals(Optional.ofNullable((Long) op.output())) ? state : null;
      }
      case "write" -> Optional.of((Long) op.input());
      case "cas" -> {
        List<?> ft = (List<?>) op.input();
        boolean matches = state.isPresent() && state.get().equals(ft.get(0));
        if (matches) {
          yield Optional.of((Long) ft.get(1));
        }
        // A definite (ok) cas must have swapped; an indeterminate one simply had no effect.
        yield op.completed() ? null : state;
      }
      default -> throw new IllegalStateException("unvalidated f " + op.f());
    };
  }

  @Override
  public boolean isReadOnly(Operation op) {
    return op.f().equals("read");
  }

  @Override
  public String validate(Operation op) {
    switch (op.f()) {
      case "read" -> {
        if (op.outputKnown() && op.output() != null && !(op.output() instanceof Long)) {
          return "read returned a non-integer value " + KvModel.describeValue(op.output());
        }
        return null;
      }
      case "write" -> {
        return op.input() instanceof Long
            ? null
            : "write needs an integer value, found " + KvModel.describeValue(op.input());
      }
      case "cas" -> {
        if (op.input() instanceof List<?> l
            && l.size() == 2
            && l.get(0) instanceof Long
            && l.get(1) instanceof Long) {
          return null;
        }
        return "cas needs [expected new] integers, found " + KvModel.describeValue(op.input());
      }
      default -> {
        return "unknown f '" + op.f() + "' for model register (expected read, write or cas)";
      }
    }
  }

  @Override
  public String describe(Optional<Long> state) {
    return state.map(String::valueOf).orElse("nil");
  }
}
