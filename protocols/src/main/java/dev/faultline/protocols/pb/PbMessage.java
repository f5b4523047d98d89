package dev.faultline.protocols.pb;

import dev.faultline.protocols.common.SessionTable;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import java.util.SortedMap;

/**
 * Every message of primary/backup with a view server, grouped by who receives it, so each node kind
 * switches over exactly the messages it can get (a view reply goes to servers and clients).
 */
public sealed interface PbMessage extends Message {

  /** Received by the view server. */
  sealed interface ToViewServer extends PbMessage {}

  /** Received by primary/backup servers. */
  sealed interface ToServer extends PbMessage {}

  /** Received by clients. */
  sealed interface ToClient extends PbMessage {}

  /**
   * Server to view server, every ping interval. {@code viewNum} is the view the server acknowledges
   * (0 right after a boot); {@code incarnation} counts the server's boots, so the view server can
   * tell a restart from a delayed first ping.
   */
  record Ping(long viewNum, long incarnation) implements ToViewServer {}

  /** Client to view server: what is the current view? Does not count as a ping. */
  record GetView() implements ToViewServer {}

  /**
   * View server to server or client: the current view. {@code incarnation} echoes the ping's (0 for
   * GetView), so a server ignores a reply addressed to its previous life. {@code backupIncarnation}
   * is the boot count the view server last saw from the view's backup (0: no backup), so the
   * primary addresses its state transfer to the backup's current life.
   */
  record ViewReply(View view, long incarnation, long backupIncarnation)
      implements ToServer, ToClient {}

  /** Client to the primary it believes in; (client, seq) identifies the operation. */
  record ClientRequest(long seq, String f, String key, String value) implements ToServer {}

  /** The primary's answer: {@code output} is a get's value ("" for writes). */
  record ClientReply(long seq, String output) implements ToClient {}

  /** "I am not the primary (or my backup refused)": the client refreshes its view and retries. */
  record WrongServer(long seq, String reason) implements ToClient {}

  /** Primary to backup: apply this client operation (Gets too) in view {@code viewNum}. */
  record Forward(long viewNum, NodeId client, long seq, String f, String key, String value)
      implements ToServer {}

  /** Backup to primary: applied ({@code accepted}) or refused the forward. */
  record ForwardReply(long viewNum, NodeId client, long seq, boolean accepted)
      implements ToServer {}

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
      implements ToServer {}

  /** Backup to primary: life {@code incarnation} installed the snapshot of {@code viewNum}. */
  record StateTransferAck(long viewNum, long incarnation) implements ToServer {}
}
