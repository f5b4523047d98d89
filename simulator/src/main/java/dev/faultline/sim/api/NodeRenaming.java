package dev.faultline.sim.api;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A renaming of nodes: a permutation of some node ids (servers a protocol declared interchangeable,
 * see {@link Symmetry}), every other id unchanged. The explorer's symmetry reduction applies one to
 * a whole global state to find its canonical representative; a protocol applies it to the ids
 * inside its node states ({@link NodeState#renamed}), and {@link #value} renames immutable values
 * (messages, timers, durable records) generically.
 */
public final class NodeRenaming {
  private final NodeId[] from;
  private final NodeId[] to;

  /** Renames {@code from.get(i)} to {@code to.get(i)}; {@code to} must be a permutation of it. */
  public NodeRenaming(List<NodeId> from, List<NodeId> to) {
    if (from.size() != to.size() || !new TreeSet<>(from).equals(new TreeSet<>(to))) {
      throw new IllegalArgumentException("not a permutation: " + from + " -> " + to);
    }
    this.from = from.toArray(new NodeId[0]);
    this.to = to.toArray(new NodeId[0]);
  }

  /** The new name of {@code id} (null stays null; an id outside the permutation is unchanged). */
  public NodeId apply(NodeId id) {
    if (id == null) {
      return null;
    }
    for (int i = 0; i < from.length; i++) {
      if (from[i] == id) {
        return to[i];
      }
    }
    for (int i = 0; i < from.length; i++) {
      if (from[i].equals(id)) {
        return to[i];
      }
    }
    return id;
  }

  /**
   * {@code value} with every {@link NodeId} inside renamed: records component by component (through
   * their canonical constructor), lists, sets and maps (sorted ones re-sorted), optionals; strings,
   * numbers, booleans, enums and null unchanged. A value with nothing to rename is returned as is
   * (the same instance), so renaming id-free messages costs a walk and no allocation. Node ids
   * hidden in strings or indexes are not seen: a protocol that declares symmetry must not keep any.
   */
  @SuppressWarnings("unchecked")
  public <T> T value(T value) {
    return (T) rename(value);
  }

  private Object rename(Object value) {
    return switch (value) {
      case null -> null;
      case NodeId id -> apply(id);
      case String s -> s;
      case Number n -> n;
      case Boolean b -> b;
      case Enum<?> e -> e;
      case Record r -> renameRecord(r);
      case Optional<?> o -> o.isEmpty() ? o : sameOr(o.get(), rename(o.get()), o);
      case List<?> list -> renameList(list);
      case SortedSet<?> set -> renameSortedSet(set);
      case Set<?> set -> renameSet(set);
      case SortedMap<?, ?> map -> renameSortedMap(map);
      case Map<?, ?> map -> renameMap(map);
      default ->
          throw new IllegalArgumentException(
              "cannot rename node ids inside " + value.getClass().getName());
    };
  }

  private static Object sameOr(Object before, Object after, Optional<?> whole) {
    return before == after ? whole : Optional.of(after);
  }

  private Object renameRecord(Record record) {
    RecordShape shape = SHAPES.get(record.getClass());
    Object[] parts = new Object[shape.accessors.length];
    boolean changed = false;
    try {
      for (int i = 0; i < parts.length; i++) {
        Object part = shape.accessors[i].invoke(record);
        parts[i] = rename(part);
        changed |= parts[i] != part;
      }
      return changed ? shape.constructor.invokeWithArguments(parts) : record;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot rebuild " + record.getClass().getName(), e);
    }
  }

  private Object renameList(List<?> list) {
    List<Object> out = null; // allocated at the first element that changes
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      Object renamed = rename(element);
      if (renamed != element && out == null) {
        out = new ArrayList<>(list.subList(0, i));
      }
      if (out != null) {
        out.add(renamed);
      }
    }
    if (out == null) {
      return list;
    }
    return out.contains(null)
        ? Collections.unmodifiableList(out)
        : ImmutableList.copyOf(out); // messages hold Guava immutable lists
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object renameSortedSet(SortedSet<?> set) {
    List<Object> out = new ArrayList<>(set.size());
    boolean changed = false;
    for (Object element : set) {
      Object renamed = rename(element);
      changed |= renamed != element;
      out.add(renamed);
    }
    if (!changed) {
      return set;
    }
    if (set instanceof ImmutableSortedSet<?> immutable) {
      return ImmutableSortedSet.copyOf((java.util.Comparator) immutable.comparator(), out);
    }
    TreeSet<Object> sorted = new TreeSet<>((java.util.Comparator) set.comparator());
    sorted.addAll(out);
    return Collections.unmodifiableSortedSet(sorted);
  }

  private Object renameSet(Set<?> set) {
    Set<Object> out = new LinkedHashSet<>();
    boolean changed = false;
    for (Object element : set) {
      Object renamed = rename(element);
      changed |= renamed != element;
      out.add(renamed);
    }
    return changed ? Collections.unmodifiableSet(out) : set;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object renameSortedMap(SortedMap<?, ?> map) {
    TreeMap<Object, Object> out = new TreeMap<>((java.util.Comparator) map.comparator());
    boolean changed = putRenamed(map, out);
    if (!changed) {
      return map;
    }
    if (map instanceof ImmutableSortedMap<?, ?> immutable) {
      return ImmutableSortedMap.copyOfSorted((SortedMap) out);
    }
    return Collections.unmodifiableSortedMap(out);
  }

  private Object renameMap(Map<?, ?> map) {
    Map<Object, Object> out = new LinkedHashMap<>();
    return putRenamed(map, out) ? Collections.unmodifiableMap(out) : map;
  }

  /** Puts {@code map}'s entries, renamed, into {@code out}; true if any changed. */
  private boolean putRenamed(Map<?, ?> map, Map<Object, Object> out) {
    boolean changed = false;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key = rename(entry.getKey());
      Object value = rename(entry.getValue());
      changed |= key != entry.getKey() || value != entry.getValue();
      out.put(key, value);
    }
    return changed;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < from.length; i++) {
      b.append(i == 0 ? "" : ", ").append(from[i]).append("->").append(to[i]);
    }
    return b.append('}').toString();
  }

  /** A record class's component accessors and canonical constructor, looked up once per class. */
  private record RecordShape(MethodHandle[] accessors, MethodHandle constructor) {}

  private static final ClassValue<RecordShape> SHAPES =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          MethodHandle[] accessors = new MethodHandle[components.length];
          Class<?>[] types = new Class<?>[components.length];
          try {
            for (int i = 0; i < components.length; i++) {
              var accessor = components[i].getAccessor();
              accessor.setAccessible(true);
              accessors[i] =
                  MethodHandles.lookup()
                      .unreflect(accessor)
                      .asType(MethodType.methodType(Object.class, Object.class));
              types[i] = components[i].getType();
            }
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return new RecordShape(
                accessors, MethodHandles.lookup().unreflectConstructor(constructor));
          } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot rebuild records of " + type.getName(), e);
          }
        }
      };
}
