package dev.faultline.protocols.multipaxos;

/** A pvalue: {@code command} proposed for {@code slot} under {@code ballot}. */
public record PValue(Ballot ballot, long slot, Command command) {}
