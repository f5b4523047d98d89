package dev.faultline.sim.explore;

import dev.faultline.sim.api.SystemView;
import java.util.function.Predicate;

/**
 * A SOMETIMES property: a state the search should be able to reach (e.g. "a leader was elected", "a
 * write was acknowledged"). Reaching it proves the search got somewhere interesting; a search can
 * end there and a staged search can start from it.
 */
public record Goal(String name, Predicate<SystemView> reached) {}
