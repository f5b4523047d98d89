package dev.faultline.sim.world;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The armed state-aware faults of one world ({@link Fault.AfterAnnotation}: reboot-after,
 * isolate-after, block-after) and which of them fired inside the handler now running. The world
 * applies the fired ones when that handler returns, so what the node sent in it is already on the
 * wire.
 *
 * <p>Rules, the same for every kind: a fault fires when an up node sets its annotation {@code key}
 * to a NEW value in a message or timer handler (never while booting, never on an unchanged value);
 * a key armed as {@code "key=word"} waits for that key set to a value starting with that word; the
 * oldest armed fault of a kind that may fire on that node fires first ({@link
 * Fault.AfterAnnotation#firesOn}); at most one fault of each kind fires per handler; each fires
 * once.
 */
final class AnnotationTriggers {
  /** A fault that fired in the current handler: on which node, and why (for the trace). */
  record Fired(int node, Fault.AfterAnnotation fault, String reason) {}

  private final List<Fault.AfterAnnotation> armed = new ArrayList<>();
  private final List<Fired> fired = new ArrayList<>(2);
  private boolean booting;

  void arm(Fault.AfterAnnotation fault) {
    armed.add(fault);
  }

  /**
   * Stabilization: faults that have not fired never will. A fault armed during the fault phase that
   * fired after it would break the premise of every check made after stabilizing (no fault acts any
   * more), and a correct protocol would fail liveness for it.
   */
  int disarmAll() {
    int n = armed.size();
    armed.clear();
    return n;
  }

  /** Annotations made while a node boots (its init) are state it restored, not a new step. */
  void booting(boolean booting) {
    this.booting = booting;
  }

  /** Called for every annotation; fires the oldest armed fault of each kind waiting for key. */
  void onAnnotate(int node, NodeId nodeName, String key, String previous, String value) {
    if (armed.isEmpty() || booting || Objects.equals(previous, value)) {
      return;
    }
    for (int k = 0; k < armed.size(); k++) {
      Fault.AfterAnnotation f = armed.get(k);
      if (awaits(f.key(), key, value) && !kindFired(f) && f.firesOn(nodeName)) {
        armed.remove(k--);
        fired.add(new Fired(node, f, key + ": " + nodeName + " set it to '" + value + "'"));
      }
    }
  }

  /**
   * Whether a fault armed for {@code armedKey} fires on {@code key} set to {@code value}: the same
   * key, or {@code "key=word"} for that key set to a value that starts with that word (e.g. {@code
   * "role=leader"} fires when a node becomes leader, not on every role change).
   */
  static boolean awaits(String armedKey, String key, String value) {
    int eq = armedKey.indexOf('=');
    if (eq < 0) {
      return armedKey.equals(key);
    }
    return eq == key.length()
        && armedKey.startsWith(key)
        && startsWithWord(value, armedKey.substring(eq + 1));
  }

  /** Whether {@code value} starts with {@code word} as a word ("leader (term 3)" with "leader"). */
  static boolean startsWithWord(String value, String word) {
    return value != null
        && value.startsWith(word)
        && (value.length() == word.length()
            || !Character.isLetterOrDigit(value.charAt(word.length())));
  }

  private boolean kindFired(Fault.AfterAnnotation f) {
    for (Fired x : fired) {
      if (x.fault().getClass() == f.getClass()) {
        return true;
      }
    }
    return false;
  }

  /** The faults fired since the last call, in arming order; empty (and cheap) almost always. */
  List<Fired> takeFired() {
    if (fired.isEmpty()) {
      return List.of();
    }
    List<Fired> out = List.copyOf(fired);
    fired.clear();
    return out;
  }
}
