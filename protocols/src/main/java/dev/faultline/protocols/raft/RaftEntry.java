package dev.faultline.protocols.raft;

/** One log entry: the term of the leader that created it and its command. Immutable. */
public record RaftEntry(long term, RaftCommand command) {
  @Override
  public String toString() {
    return "(" + term + ":" + command + ")";
  }
}
