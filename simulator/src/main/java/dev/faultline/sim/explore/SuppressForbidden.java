package dev.faultline.sim.explore;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the few explorer methods allowed to use APIs the simulation build forbids (the wall clock
 * for {@code --time}). forbiddenapis skips anything carrying an annotation named {@code
 * SuppressForbidden}; every use carries a comment saying why no simulated state can observe it.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface SuppressForbidden {
  /** Why the forbidden API cannot leak into simulated state. */
  String reason();
}
