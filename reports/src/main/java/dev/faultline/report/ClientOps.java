package dev.faultline.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs history events into client operations (invoke .. ok/fail/info, or never completed) and
 * marks them with the linearizability explanation: unplaceable, in the linearizable prefix, or
 * concurrent with the failure.
 */
final class ClientOps {
  static final int OK = 0;
  static final int FAIL = 1;
  static final int INFO = 2;
  static final int OPEN = 3;
  static final int MARK_PREFIX = 1;
  static final int MARK_CONCURRENT = 2;
  static final int MARK_UNPLACEABLE = 3;

  /** One operation; ticks are -1 when unknown. */
  static final class Op {
    final int process;
    final String f;
    final String key;
    final String invokeValue;
    final int invokeIndex;
    final long startTick;
    int completeIndex = -1;
    long endTick = -1;
    int outcome = OPEN;
    String resultValue;
    int mark;

    Op(HistoryEntry e, int index) {
      process = e.process();
      f = e.f();
      key = e.key();
      invokeValue = e.value();
      invokeIndex = index;
      startTick = e.tick();
    }

    String label() {
      String k = key == null ? "" : " " + key;
      String v = outcome == OK && resultValue != null ? resultValue : invokeValue;
      return switch (f) {
        case "get", "read" -> f + k + (outcome == OK ? " \u2192 " + (v == null ? "\"\"" : v) : "");
        case "append" -> f + k + " += " + v;
        default -> f + k + (v == null ? "" : " = " + v);
      };
    }
  }

  final List<Op> ops = new ArrayList<>();
  final Map<Integer, Op> byInvokeIndex = new HashMap<>();
  final int historySize;

  /**
   * @param file the history file (null when the events came from the trace: then a stray completion
   *     is tolerated rather than reported)
   */
  ClientOps(List<HistoryEntry> history, Path file) {
    historySize = history.size();
    Map<Integer, Op> open = new HashMap<>();
    for (int i = 0; i < history.size(); i++) {
      HistoryEntry e = history.get(i);
      if (e.isInvoke()) {
        Op op = new Op(e, i);
        open.put(e.process(), op); // a still-open earlier op stays OPEN (indeterminate)
        ops.add(op);
        byInvokeIndex.put(i, op);
        continue;
      }
      Op op = open.remove(e.process());
      if (op == null) {
        if (file != null) {
          throw ReportInputException.at(
              file,
              e.line(),
              e.type() + " for process " + e.process() + " without a preceding invoke");
        }
        continue;
      }
      op.completeIndex = i;
      op.endTick = e.tick();
      op.resultValue = e.value();
      op.outcome =
          switch (e.type()) {
            case "ok" -> OK;
            case "fail" -> FAIL;
            default -> INFO;
          };
    }
  }

  void mark(Explanation x, Path file) {
    for (int i : x.prefix()) {
      opAt(i, "linearizedPrefix", file).mark = MARK_PREFIX;
    }
    for (int i : x.concurrent()) {
      opAt(i, "concurrent", file).mark = MARK_CONCURRENT;
    }
    if (x.unplaceableInvoke() >= 0) {
      opAt(x.unplaceableInvoke(), "unplaceable.invokeIndex", file).mark = MARK_UNPLACEABLE;
    }
  }

  private Op opAt(int index, String field, Path file) {
    Op op = byInvokeIndex.get(index);
    if (op == null) {
      throw ReportInputException.at(
          file,
          0,
          "field \""
              + field
              + "\": "
              + index
              + " is not the index of an invoke event in the history ("
              + historySize
              + " events)");
    }
    return op;
  }
}
