package dev.faultline.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A linearizability verdict and, for "not linearizable", its evidence (format:
 * docs/reference/trace-and-history-formats.md): the partition (key) that failed, the operation that
 * cannot be placed, the longest linearizable prefix found (invoke indices, in linearization order),
 * the model state after it, and the operations concurrent with the unplaceable one there. Indices
 * are 0-based positions of events in the history; an operation is named by its invoke event.
 *
 * <p>{@code steps} is the search effort: for "not linearizable" that of the failing partition, else
 * the sum over partitions. {@code reason} says why a check was inconclusive (null otherwise).
 */
public record CheckResult(
    Verdict verdict,
    String model,
    String partition,
    Unplaceable unplaceable,
    List<Integer> linearizedPrefix,
    String stateAfterPrefix,
    List<Integer> concurrent,
    long elapsedMillis,
    long steps,
    int operations,
    int partitions,
    String reason) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The operation that cannot be placed; {@code value} is what it read or wrote. */
  public record Unplaceable(
      int invokeIndex,
      int completeIndex,
      int process,
      String f,
      String key,
      Object value,
      long invokeLine,
      long completeLine) {

    static Unplaceable of(Operation op) {
      return new Unplaceable(
          op.invokeIndex(),
          op.completeIndex(),
          op.process(),
          op.f(),
          op.key(),
          op.shownValue(),
          op.invokeLine(),
          op.completeLine());
    }
  }

  public CheckResult {
    linearizedPrefix = List.copyOf(linearizedPrefix);
    concurrent = List.copyOf(concurrent);
  }

  public boolean isLinearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }

  /** The explanation JSON of the contract (one object, no trailing newline). */
  public String toJson() {
    if (verdict == Verdict.LINEARIZABLE
        && isPlainWord(model)
        && partition == null
        && unplaceable == null
        && linearizedPrefix.isEmpty()
        && stateAfterPrefix == null
        && concurrent.isEmpty()
        && reason == null) {
      return plainLinearizableJson();
    }
    return treeJson();
  }

  /** The JSON written through a Jackson tree: every result (the direct path's reference). */
  String treeJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("model", model);
    root.put("verdict", verdict.json());
    root.put("partition", partition);
    if (unplaceable == null) {
      root.putNull("unplaceable");
    } else {
      ObjectNode u = root.putObject("unplaceable");
      u.put("invokeIndex", unplaceable.invokeIndex());
      u.put("completeIndex", unplaceable.completeIndex());
      u.put("process", unplaceable.process());
      u.put("f", unplaceable.f());
      u.put("key", unplaceable.key());
      u.set("value", MAPPER.valueToTree(unplaceable.value()));
      if (unplaceable.invokeLine() > 0) {
        u.put("invokeLine", unplaceable.invokeLine());
        u.put("completeLine", unplaceable.completeLine());
      }
    }
    ArrayNode prefix = root.putArray("linearizedPrefix");
    linearizedPrefix.forEach(prefix::add);
    root.put("stateAfterPrefix", stateAfterPrefix);
    ArrayNode conc = root.putArray("concurrent");
    concurrent.forEach(conc::add);
    root.put("elapsedMillis", elapsedMillis);
    root.put("steps", steps);
    root.put("operations", operations);
    root.put("partitions", partitions);
    if (reason != null) {
      root.put("reason", reason);
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JSON of a plain "linearizable" result (every run that passes), written directly: the same
   * characters as the tree below writes, without building the tree (~2 % of a fuzz seed's CPU).
   */
  private String plainLinearizableJson() {
    return "{\"model\":\""
        + model
        + "\",\"verdict\":\"linearizable\",\"partition\":null,\"unplaceable\":null,"
        + "\"linearizedPrefix\":[],\"stateAfterPrefix\":null,\"concurrent\":[],\"elapsedMillis\":"
        + elapsedMillis
        + ",\"steps\":"
        + steps
        + ",\"operations\":"
        + operations
        + ",\"partitions\":"
        + partitions
        + "}";
  }

  /** Letters, digits, '-' and '_' only: nothing JSON would escape. */
  private static boolean isPlainWord(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** One human line: the verdict and, if not linearizable, what could not be placed. */
  public String summary() {
    return switch (verdict) {
      case LINEARIZABLE ->
          "linearizable ("
              + operations
              + " operations, "
              + partitions
              + (partitions == 1 ? " partition, " : " partitions, ")
              + elapsedMillis
              + " ms)";
      case INCONCLUSIVE -> "inconclusive: " + reason;
      case NOT_LINEARIZABLE ->
          "NOT linearizable"
              + (partition == null || partition.isEmpty() ? "" : " (key " + partition + ")")
              + ": "
              + describeUnplaceable()
              + " cannot be placed after a linearizable prefix of "
              + linearizedPrefix.size()
              + " operations (state there: "
              + stateAfterPrefix
              + "; "
              + concurrent.size()
              + " concurrent operations)";
    };
  }

  private String describeUnplaceable() {
    if (unplaceable == null) {
      return "an operation";
    }
    String where =
        unplaceable.invokeLine() > 0
            ? "lines " + unplaceable.invokeLine() + "-" + unplaceable.completeLine()
            : "events " + unplaceable.invokeIndex() + "-" + unplaceable.completeIndex();
    return "process "
        + unplaceable.process()
        + " "
        + unplaceable.f()
        + " "
        + KvModel.describeValue(unplaceable.value())
        + " ("
        + where
        + ")";
  }
}
