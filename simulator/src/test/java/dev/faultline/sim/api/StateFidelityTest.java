package dev.faultline.sim.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.PrimitiveSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StateFidelity passes a faithful state and fails one whose copy or fingerprint loses a field. */
class StateFidelityTest {

  /** Two counters; {@code bug} picks which support method forgets {@code b}. */
  private static final class Counters implements NodeState<Counters> {
    final String bug;
    long a;
    long b;

    Counters(String bug) {
      this.bug = bug;
    }

    @Override
    public Counters copy() {
      Counters c = new Counters(bug);
      c.a = a;
      c.b = "copy".equals(bug) ? 0 : b;
      return c;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, a);
      if (!"fingerprint".equals(bug)) {
        Fingerprints.put(sink, b);
      }
    }

    @Override
    public StateDescription describe() {
      return StateDescription.of().put("a", a).put("b", b);
    }
  }

  /** One node whose state the test changes between checks. */
  private record OneNode(NodeState<?> state) implements SystemView {
    public long tick() {
      return 0;
    }

    public List<NodeId> nodes() {
      return List.of(NodeId.of("n1"));
    }

    public boolean isUp(NodeId node) {
      return true;
    }

    public NodeState<?> state(NodeId node) {
      return state;
    }

    public Durable durable(NodeId node) {
      return null;
    }

    public List<HistoryEvent> history() {
      return List.of();
    }
  }

  /** Null if every check of a run that changes {@code a}, then {@code b}, passed. */
  private static String run(String bug) {
    Counters s = new Counters(bug);
    OneNode view = new OneNode(s);
    StateFidelity check = new StateFidelity(1);
    String found = null;
    for (int step = 0; step < 4 && found == null; step++) {
      if (step == 1) {
        s.a = 5;
      }
      if (step == 2) {
        s.b = 7;
      }
      found = check.check(view);
    }
    return found;
  }

  @Test
  void aFaithfulStatePasses() {
    assertNull(run(null));
  }

  @Test
  void aCopyThatLosesAFieldIsCaught() {
    String found = run("copy");
    assertNotNull(found);
    assertTrue(found.contains("copy"), found);
  }

  @Test
  void aFingerprintThatLeavesOutAFieldIsCaught() {
    String found = run("fingerprint");
    assertNotNull(found);
    assertTrue(found.contains("one fingerprint"), found);
  }

  @Test
  void itChecksEveryNthCallOnly() {
    Counters s = new Counters("copy");
    s.b = 1;
    StateFidelity check = new StateFidelity(3);
    assertNotNull(check.check(new OneNode(s)), "the first call checks");
    assertNull(check.check(new OneNode(s)), "the second does not");
  }

  @Test
  void aNodesNewStateIsCheckedAtOnce() {
    StateFidelity check = new StateFidelity(1_000);
    assertNull(check.check(new OneNode(new Counters("fingerprint"))), "the first life's state");
    Counters restarted = new Counters("fingerprint");
    restarted.b = 1;
    StateFidelity inPlace = new StateFidelity(1_000);
    Counters inPlaceState = new Counters("fingerprint");
    OneNode same = new OneNode(inPlaceState);
    assertNull(inPlace.check(same));
    inPlaceState.b = 1;
    assertNull(inPlace.check(same), "the same object, changed in place, waits for its turn");
    String found = check.check(new OneNode(restarted));
    assertNotNull(found, "a restart's new state is checked at once");
    assertTrue(found.contains("one fingerprint"), found);
  }

  /** A list of numbers whose copy shares the list ({@code shares}) instead of copying it. */
  private static final class Listed implements NodeState<Listed> {
    final boolean shares;
    ArrayList<Long> items = new ArrayList<>();

    Listed(boolean shares) {
      this.shares = shares;
    }

    @Override
    public Listed copy() {
      Listed c = new Listed(shares);
      c.items = shares ? items : new ArrayList<>(items);
      return c;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, items);
    }

    @Override
    public StateDescription describe() {
      return StateDescription.of().put("items", items);
    }
  }

  /** Null if every check passed while the state's list grew in place between checks. */
  private static String grow(boolean shares) {
    Listed s = new Listed(shares);
    StateFidelity check = new StateFidelity(1);
    String found = null;
    for (long step = 0; step < 4 && found == null; step++) {
      s.items.add(step);
      found = check.check(new OneNode(s));
    }
    return found;
  }

  @Test
  void aCopyThatSharesWhatItsOriginalChangesIsCaught() {
    assertNull(grow(false), "a copy of its own");
    String found = grow(true);
    assertNotNull(found, "the copy grew with its original");
    assertTrue(found.startsWith("n1's copy changed after it was made"), found);
  }

  /**
   * A state whose fingerprint promises the generic encoding of its fields ({@link
   * FieldFingerprint}) and leaves out {@code b}: one state is enough, where the description
   * comparison above needs two states that differ in {@code b} alone.
   */
  private static final class Declared implements NodeState<Declared>, FieldFingerprint {
    long a = 1;
    long b = 2;

    @Override
    public Declared copy() {
      Declared c = new Declared();
      c.a = a;
      c.b = b;
      return c;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, a);
    }

    @Override
    public StateDescription describe() {
      return StateDescription.of().put("a", a).put("b", b);
    }
  }

  @Test
  void aDeclaredFieldEncodingIsCheckedOnTheFirstState() {
    String found = new StateFidelity(1_000).check(new OneNode(new Declared()));
    assertNotNull(found, "one state shows the missing field");
    assertTrue(found.startsWith("n1's fingerprint() is not the generic encoding"), found);
    assertTrue(found.contains("they part in field b"), found);
    assertNull(new StateFidelity(1).check(new OneNode(new Counters("fingerprint"))), "undeclared");
  }
}
