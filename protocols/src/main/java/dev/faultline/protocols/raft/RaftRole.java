package dev.faultline.protocols.raft;

/** A server's role. PRE_CANDIDATE is the PreVote phase (thesis 9.6): its term is not raised yet. */
public enum RaftRole {
  FOLLOWER,
  PRE_CANDIDATE,
  CANDIDATE,
  LEADER;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
