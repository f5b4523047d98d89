package dev.faultline.protocols.multipaxos;

import dev.faultline.sim.api.Annotations.Roles;

/**
 * A server's leader role: following an active leader, running phase 1 (a scout; shown as the
 * published role word "candidate"), or leading.
 */
public enum MultiPaxosRole {
  FOLLOWER(Roles.FOLLOWER),
  SCOUTING(Roles.CANDIDATE),
  LEADER(Roles.LEADER);

  private final String label;

  MultiPaxosRole(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
