package dev.faultline.protocols.multipaxos;

/** A server's leader role: following an active leader, running phase 1 (a scout), or leading. */
public enum MultiPaxosRole {
  FOLLOWER,
  SCOUTING,
  LEADER;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
