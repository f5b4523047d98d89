package dev.faultline.sim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Node names order "naturally" (s2 before s10), the same as the regex definition of that order. */
class NodeIdOrderTest {
  private static final Pattern PREFIX_NUMBER = Pattern.compile("([A-Za-z_-]*)(\\d+)");
  private static final String[] PREFIXES = {"s", "c", "n", "node", "s-", "a_b", "S"};

  @Test
  void numbersCompareByValue() {
    assertTrue(NodeId.of("s2").compareTo(NodeId.of("s10")) < 0);
    assertTrue(NodeId.of("s10").compareTo(NodeId.of("s9")) > 0);
    assertTrue(NodeId.of("s02").compareTo(NodeId.of("s10")) < 0);
    assertTrue(NodeId.of("c3").compareTo(NodeId.of("s1")) < 0);
    assertEquals(0, NodeId.of("s7").compareTo(NodeId.of("s7")));
  }

  @Test
  void sameOrderAsTheRegexDefinitionOnRandomNames() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 50_000; i++) {
      NodeId a = randomName(random);
      NodeId b = randomName(random);
      assertEquals(Integer.signum(reference(a, b)), Integer.signum(a.compareTo(b)), a + " vs " + b);
    }
  }

  @Test
  void equalExactlyWhenNamesAreEqualWithTheRecordsHashCode() {
    SplittableRandom random = new SplittableRandom(6);
    for (int i = 0; i < 20_000; i++) {
      NodeId a = randomName(random);
      NodeId b = random.nextBoolean() ? NodeId.of(a.name()) : randomName(random);
      boolean same = a.name().equals(b.name());
      assertEquals(same, a.equals(b), a + " vs " + b);
      assertEquals(same, a.compareTo(b) == 0, a + " vs " + b);
      if (same) {
        assertEquals(a.hashCode(), b.hashCode(), a + " vs " + b);
      }
    }
    NodeId s1 = NodeId.of("s1");
    assertTrue(s1.equals(s1));
    assertTrue(!s1.equals(null) && !s1.equals("s1"));
  }

  private static NodeId randomName(SplittableRandom random) {
    StringBuilder name = new StringBuilder(PREFIXES[random.nextInt(PREFIXES.length)]);
    int digits = random.nextInt(4); // 0: no number; leading zeros allowed
    for (int d = 0; d < digits; d++) {
      name.append((char) ('0' + random.nextInt(random.nextBoolean() ? 3 : 10)));
    }
    if (random.nextInt(8) == 0) {
      name.append('x'); // digits not at the end: plain text order
    }
    return NodeId.of(name.toString());
  }

  private static int reference(NodeId a, NodeId b) {
    Matcher x = PREFIX_NUMBER.matcher(a.name());
    Matcher y = PREFIX_NUMBER.matcher(b.name());
    if (x.matches() && y.matches() && x.group(1).equals(y.group(1))) {
      int byNumber = Long.compare(Long.parseLong(x.group(2)), Long.parseLong(y.group(2)));
      if (byNumber != 0) {
        return byNumber;
      }
    }
    return a.name().compareTo(b.name());
  }
}
