package dev.faultline.sim.api;

/**
 * A named, deliberately injected bug (BUGS.md): {@code id} such as R2 or B1, a one-line summary of
 * the code change, and the property a checker is expected to flag.
 */
public record BugVariant(String id, String summary, String violates) {}
