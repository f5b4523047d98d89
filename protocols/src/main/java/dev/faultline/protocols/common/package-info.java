/**
 * What every replicated KV protocol shares: the store ({@link
 * dev.faultline.protocols.common.KvStore}), the at-most-once session table ({@link
 * dev.faultline.protocols.common.SessionTable}) and one client ({@link
 * dev.faultline.protocols.common.KvClient}).
 *
 * <p>Plugging a protocol's client in:
 *
 * <ol>
 *   <li>Leader-based (Raft, Multi-Paxos, VR): extend {@link
 *       dev.faultline.protocols.common.LeaderClientAdapter} with your message and timer types.
 *       Implement {@code wrap(KvRequest)} (your request message, embedding {@link
 *       dev.faultline.protocols.common.KvRequest} or copying its fields), {@code read(M)} (your
 *       reply as a {@code KvReply}, a "not the leader" as a {@code KvRefusal} with the hint, any
 *       other message as null), {@code retryTimer(seq)} and {@code nextOpTimer()} (two records of
 *       your sealed timer type; put the seq in the retry record so a stale retry is ignored).
 *   <li>Anything else (e.g. a view server): implement {@link
 *       dev.faultline.protocols.common.ClientAdapter} with a subclass of {@link
 *       dev.faultline.protocols.common.KvClientState} holding your routing fields.
 *   <li>In your {@code ClusterSpec}: {@code KvClient.addClients(nodes, clients, params.workload(),
 *       () -> adapter)} adds one client per id. Each client then drives the script ({@code
 *       notBeforeTick}), numbers requests (client, seq), resends until answered, and records
 *       invoke/ok history events.
 *   <li>Servers: run each request once with {@code request.executeOnce(sessions, kv)} (or {@link
 *       dev.faultline.protocols.common.SessionTable#execute}) at apply time, and answer a duplicate
 *       from the session table; never reply before the operation is durable.
 * </ol>
 */
package dev.faultline.protocols.common;
