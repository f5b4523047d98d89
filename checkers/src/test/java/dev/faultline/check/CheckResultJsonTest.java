package dev.faultline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A plain "linearizable" result is written directly: the same characters as the Jackson tree. */
class CheckResultJsonTest {

  @Test
  void directJsonOfAPassIsTheTreesJson() {
    for (String model : List.of("kv", "register", "my_model-2")) {
      CheckResult r =
          new CheckResult(
              Verdict.LINEARIZABLE,
              model,
              null,
              null,
              List.of(),
              null,
              List.of(),
              12,
              1343,
              1000,
              2,
              null);
      assertEquals(r.treeJson(), r.toJson());
    }
  }

  @Test
  void anythingElseGoesThroughTheTree() {
    CheckResult odd =
        new CheckResult(
            Verdict.LINEARIZABLE, "k\"v", null, null, List.of(), null, List.of(), 0, 0, 0, 0, null);
    assertEquals(odd.treeJson(), odd.toJson());
    assertTrue(odd.toJson().contains("k\\\"v"), odd.toJson());
    CheckResult inconclusive =
        new CheckResult(
            Verdict.INCONCLUSIVE,
            "kv",
            null,
            null,
            List.of(),
            null,
            List.of(),
            0,
            5,
            9,
            1,
            "step budget of 5 exhausted");
    assertEquals(inconclusive.treeJson(), inconclusive.toJson());
    assertTrue(inconclusive.toJson().contains("\"reason\":"), inconclusive.toJson());
  }
}
