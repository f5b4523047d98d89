package dev.faultline.protocols.pb;

import dev.faultline.protocols.common.SessionTable;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import java.util.SortedMap;

/** Every message of primary/backup with a view server. */
public sealed interface PbMessage extends Message {

  /**
   * Server to view server, every ping interval. {@code viewNum} is the view the server acknowledges
   * (0 right after a boot); {@code incarnation} counts the server's boots, so the view server can
   * tell a restart from a delayed first ping.
   */
  record Ping(long viewNum, long incarnation) implements PbMessage {}

  /** Client to view server: what is the current view? Does not count as a ping. */
  record GetView() implements PbMessage {}

  /**
   * View server to server or client: the current view. {@code incarnation} echoes the ping's (0 for
   * GetView), so a server ignores a reply addressed to its previous life. {@code backupIncarnation}
   * is the boot count the view server last saw from the view's backup (0: no backup), so the
   * primary addresses its state transfer to the backup's current life.
   */
  record ViewReply(View view, long incarnation, long backupIncarnation) implements PbMessage {}

  /** Client to the primary it believes in; (client, seq) identifies the operation. */
  record ClientRequest(long seq, String f, String key, String value) implements PbMessage {}

  /** The primary's answer: {@code output} is a get's value ("" for writes). */
  record ClientReply(long seq, String output) implements PbMessage {}

  /** "I am not the primary (or my backup refused)": the client refreshes its view and retries. */
  record WrongServer(long seq, String reason) implements PbMessage {}

  /** Primary to backup: apply this client operation (Gets too) in view {@code viewNum}. */
  record Forward(long viewNum, NodeId client, long seq, String f, String key, String value)
      implements PbMessage {}

  /** Backup to primary: applied ({@code accepted}) or refused the forward. */
  record ForwardReply(long viewNum, NodeId client, long seq, boolean accepted)
      implements PbMessage {}

  /**
   * Primary to the new backup of view {@code viewNum}: the whole state, dedup table included,
   * addressed to one life ({@code toIncarnation}) of the backup: a restarted backup must not
   * install a delayed snapshot meant for its previous life (the primary may have moved on since).
   */
  record StateTransfer(
      long viewNum,
      long toIncarnation,
      SortedMap<String, String> kv,
      SortedMap<String, SessionTable.Entry> sessions)
      implements PbMessage {}

  /** Backup to primary: life {@code incarnation} installed the snapshot of {@code viewNum}. */
  record StateTransferAck(long viewNum, long incarnation) implements PbMessage {}
}
