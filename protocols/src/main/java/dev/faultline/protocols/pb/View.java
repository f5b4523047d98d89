package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.NodeId;

/**
 * One view of the view service: its number, the primary and the backup (null when there is none).
 * View 0 is the startup view (no primary, no backup); view numbers go up by exactly one.
 */
public record View(long num, NodeId primary, NodeId backup) {
  public static final View STARTUP = new View(0, null, null);

  public boolean isPrimary(NodeId node) {
    return node.equals(primary);
  }

  public boolean isBackup(NodeId node) {
    return node.equals(backup);
  }

  /** The role a node plays in this view, as drawn on its lifeline in reports. */
  public String roleOf(NodeId node) {
    return isPrimary(node) ? Roles.PRIMARY : isBackup(node) ? Roles.BACKUP : Roles.IDLE;
  }

  @Override
  public String toString() {
    return num + "(" + primary + "," + (backup == null ? "-" : backup) + ")";
  }
}
