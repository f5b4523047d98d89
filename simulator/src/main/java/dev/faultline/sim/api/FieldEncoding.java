package dev.faultline.sim.api;

import com.google.common.hash.PrimitiveSink;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** {@link FieldFingerprint}'s generic encoding of a state's fields, and the comparison. */
final class FieldEncoding {
  private FieldEncoding() {}

  /** The generic encoding of {@code state}'s fields, as bytes. */
  static byte[] reference(Object state) {
    ByteSink sink = new ByteSink();
    for (Field f : SHAPES.get(state.getClass())) {
      put(sink, read(f, state));
    }
    return sink.bytes();
  }

  /**
   * Null when {@code state}'s fingerprint writes exactly {@link #reference}'s bytes; otherwise a
   * sentence naming the first field where they part.
   */
  static String mismatch(Object state, Consumer<PrimitiveSink> fingerprint) {
    ByteSink own = new ByteSink();
    fingerprint.accept(own);
    byte[] written = own.bytes();
    ByteSink ref = new ByteSink();
    List<Field> fields = SHAPES.get(state.getClass());
    int[] ends = new int[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      put(ref, read(fields.get(i), state));
      ends[i] = ref.size();
    }
    byte[] expected = ref.bytes();
    int at = Arrays.mismatch(written, expected);
    if (at < 0) {
      return null;
    }
    int field = 0;
    while (field < ends.length && ends[field] <= at) {
      field++;
    }
    String where =
        field < ends.length
            ? "they part in field " + fields.get(field).getName()
            : "it writes more after the last field";
    return "fingerprint() is not the generic encoding of the fields "
        + fields.stream().map(Field::getName).toList()
        + " ("
        + where
        + "): it leaves out, adds or reorders a field";
  }

  private static void put(PrimitiveSink sink, Object value) {
    if (value instanceof Fingerprinted f) {
      f.fingerprint(sink);
    } else {
      Fingerprints.put(sink, value);
    }
  }

  /** The fields of each state class, looked up once per class. */
  private static final ClassValue<List<Field>> SHAPES =
      new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
          List<Field> out = new ArrayList<>();
          Class<?> superclass = type.getSuperclass();
          if (superclass != null && superclass != Object.class) {
            out.addAll(get(superclass));
          }
          for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic()) {
              f.setAccessible(true);
              out.add(f);
            }
          }
          return List.copyOf(out);
        }
      };

  static Object read(Field f, Object state) {
    try {
      return f.get(state);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read field " + f, e);
    }
  }
}
