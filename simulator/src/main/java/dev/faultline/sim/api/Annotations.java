package dev.faultline.sim.api;

import java.util.List;

/**
 * The annotation keys ({@link Effects#annotate}) that something other than a human reads, and the
 * role words the report colours. A protocol may annotate any other key for the report's bands;
 * these are contracts: change a value here and a reader stops seeing it. The string values are also
 * what scenario files write (e.g. {@code "reboot-after": "vote"}), so they never change.
 */
public final class Annotations {
  private Annotations() {}

  /**
   * A node's role, first word from {@link Roles} (a reason may follow: "leader (won election in
   * term 3)"). Read by the world's role-targeted faults ({@code crash-role}, {@code isolate-role}:
   * "the node whose latest role starts with this word"), by the fuzzer's role faults (a protocol's
   * {@code swarmRoles}) and by the report, which colours role bands by the first word.
   */
  public static final String ROLE = "role";

  /**
   * A sentence naming a progress limit the node has hit by design (e.g. primary/backup's view
   * server halted after losing its view), or "none" once it is lifted. Read by the scenario runner,
   * which reports the latest value of every up node as a known liveness limit rather than a
   * failure.
   */
  public static final String PROGRESS_LIMIT = "limit";

  /**
   * A promise the node just made that must survive a reboot (Raft: each vote granted; by convention
   * a Paxos promise or a VR view-change vote). Read by the world's {@code reboot-after} fault and
   * the fuzzer, which reboot the node right after it promises.
   */
  public static final String VOTE = "vote";

  /** A Raft server's current term. Read by the report (band label "t3"). */
  public static final String TERM = "term";

  /** A view-based protocol's current view. Read by the report (band label "v3"). */
  public static final String VIEW = "view";

  /**
   * A Raft server just learned a configuration entry from its leader (Multi-Paxos: an acceptor
   * accepted another leader's configuration command). Read by Raft's and Multi-Paxos's fuzz faults
   * ({@code reboot-after}: reboot a server that has just adopted a configuration).
   */
  public static final String CONFIG_LEARNED = "config-learned";

  /**
   * A Raft leader just appended a configuration entry (Multi-Paxos: a leader commands a
   * configuration command). Read by Raft's and Multi-Paxos's fuzz faults ({@code isolate-after}:
   * cut the leader off before the entry reaches a majority).
   */
  public static final String CONFIG_APPENDED = "config-appended";

  /**
   * A Raft leader just committed a configuration (Multi-Paxos: a leader decided a configuration
   * command). Read by Raft's and Multi-Paxos's fuzz faults ({@code isolate-after}: cut the leader
   * off right after the change commits).
   */
  public static final String CONFIG_COMMITTED = "config-committed";

  /**
   * The first words of {@link #ROLE} values that the report colours (its role palette has one
   * colour per word). A role outside this list is drawn in a neutral colour.
   */
  public static final class Roles {
    private Roles() {}

    public static final String LEADER = "leader";
    public static final String CANDIDATE = "candidate";
    public static final String PRE_CANDIDATE = "pre-candidate";
    public static final String FOLLOWER = "follower";
    public static final String PRIMARY = "primary";
    public static final String BACKUP = "backup";
    public static final String IDLE = "idle";

    /** Every coloured role word. */
    public static final List<String> ALL =
        List.of(LEADER, CANDIDATE, PRE_CANDIDATE, FOLLOWER, PRIMARY, BACKUP, IDLE);
  }
}
