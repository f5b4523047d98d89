package dev.faultline.sim.api;

/**
 * A named, deliberately injected bug: {@code id} such as R2 or B1, a one-line summary of the code
 * change, the property a checker is expected to flag, and the budget within which the swarm fuzzer
 * must find it ({@link Hunt#NONE}: none declared). The contract suite holds every registered
 * variant to its declared budget, so a variant that stops being findable fails a test.
 */
public record BugVariant(String id, String summary, String violates, Hunt hunt) {
  public BugVariant {
    hunt = hunt == null ? Hunt.NONE : hunt;
  }

  /** The property a swarm hunt for this variant must report. */
  public String huntedProperty() {
    return hunt.property() != null ? hunt.property() : violates;
  }

  /** The breadth-first search this variant declares, null when none. */
  public VariantSearch search() {
    return hunt.search();
  }

  /** A variant with no declared fuzz budget. */
  public BugVariant(String id, String summary, String violates) {
    this(id, summary, violates, Hunt.NONE);
  }

  /**
   * Where and how long the swarm fuzzer (default fuzz shape: 3 clients, 200 operations) must search
   * to find this variant's property: seeds {@code [firstSeed, firstSeed + seeds)} with {@code
   * servers} servers. The fuzzer's draws are a pure function of the seed, so the first failing seed
   * of that range is fixed; the budget is a margin above it (re-measure when draws change).
   *
   * @param seeds 0 when the variant declares no budget (the contract suite then skips its hunt)
   * @param property the property the fuzzer reports for this variant when it is not the variant's
   *     own {@code violates} (an invariant checked at every step can fire before the client history
   *     shows the variant's own violation); null: {@code violates}
   * @param search one breadth-first search from the initial state that must find the variant; null:
   *     none declared
   */
  public record Hunt(
      long firstSeed, int seeds, int servers, String property, VariantSearch search) {
    /** No budget declared. */
    public static final Hunt NONE = new Hunt(1, 0, 3, null);

    public Hunt {
      if (seeds < 0 || servers < 1) {
        throw new IllegalArgumentException("hunt: seeds must be >= 0 and servers >= 1");
      }
    }

    /** A fuzz budget with no declared search. */
    public Hunt(long firstSeed, int seeds, int servers, String property) {
      this(firstSeed, seeds, servers, property, null);
    }

    /** The same fuzz budget, and one breadth-first search that must find the variant. */
    public Hunt withSearch(VariantSearch s) {
      return new Hunt(firstSeed, seeds, servers, property, s);
    }

    /** Seeds 1..n at 3 servers. */
    public static Hunt seeds(int n) {
      return new Hunt(1, n, 3, null);
    }

    public Hunt from(long first) {
      return new Hunt(first, seeds, servers, property, search);
    }

    public Hunt withServers(int n) {
      return new Hunt(firstSeed, seeds, n, property, search);
    }

    /** The fuzzer reports {@code p} for this variant (see {@link Hunt}). */
    public Hunt reporting(String p) {
      return new Hunt(firstSeed, seeds, servers, p, search);
    }

    public boolean declared() {
      return seeds > 0;
    }
  }
}
