package dev.faultline.protocols.common;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.pb.View;
import dev.faultline.protocols.raft.RaftRole;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.NodeId;
import org.junit.jupiter.api.Test;

/** Every role a protocol annotates starts with a published role word, so the report colours it. */
class RoleWordsTest {

  @Test
  void raftRolesArePublishedWords() {
    for (RaftRole role : RaftRole.values()) {
      assertTrue(Roles.ALL.contains(role.label()), role.label());
    }
  }

  @Test
  void primaryBackupRolesArePublishedWords() {
    View view = new View(3, NodeId.of("s1"), NodeId.of("s2"));
    for (String server : new String[] {"s1", "s2", "s3"}) {
      String role = view.roleOf(NodeId.of(server));
      assertTrue(Roles.ALL.contains(role), role);
    }
  }
}
