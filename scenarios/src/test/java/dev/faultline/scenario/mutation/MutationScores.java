package dev.faultline.scenario.mutation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The two scores of a mutation run, from PIT's {@code mutations.xml} (with {@code
 * --fullMutationMatrix}, so every covering test ran and each mutant names all that failed):
 *
 * <ul>
 *   <li><b>A</b>, the score: killed by the correct-protocol campaign ({@link
 *       MutationCampaignTest}: an invariant, linearizability, an EVENTUALLY property or liveness).
 *   <li><b>B</b>: A plus the mutants that only the planted-bug leg ({@link PlantedBugsCaughtTest})
 *       killed, counted only when they sit in the judges' wiring (a class named {@code *Spec}: the
 *       protocol's declaration to the testbed of its invariants, EVENTUALLY properties, limits and
 *       variants) or on a line that names the bug variant ({@code bug == X}, {@code config.bug()}).
 *       Any other mutant the leg alone kills changed the protocol's behaviour so that a scripted
 *       scenario no longer reaches its bug (timing, a message order): a test noticed a change, but
 *       no check caught a wrong protocol, so it is listed and not counted.
 * </ul>
 *
 * <p>PIT's own summary line counts every kill of either test: it is neither score. Timeouts and
 * memory or run errors count as killed by the campaign, as PIT counts them (PIT does not say which
 * test ran out of time).
 *
 * <p>With {@code --judges} (the mutated classes are the judges) it prints instead, per judge, how
 * many of its mutants fail a correct run (too strict: the campaign kills them) and how many miss a
 * planted bug (too weak: the leg kills them).
 *
 * <p>Usage: {@code MutationScores MUTATIONS_XML SOURCE_DIR [--judges]}; prints markdown.
 */
final class MutationScores {
  static final String CAMPAIGN = "MutationCampaignTest";
  static final String PLANTED = "PlantedBugsCaughtTest";

  /**
   * A line that names the bug variant: the {@code bug} field or accessor, or a variant constant.
   */
  private static final Pattern VARIANT_LINE = Pattern.compile("\\bbug\\b|\\w+Bug\\.[A-Z]");

  private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  /** How a mutant counts. */
  enum Credit {
    /** Killed by the campaign (score A). */
    CAMPAIGN,
    /** Killed only by the planted leg, in a {@code *Spec} class (score B). */
    LEG_JUDGE_WIRING,
    /** Killed only by the planted leg, on a line naming the variant (score B). */
    LEG_VARIANT_LINE,
    /** Killed only by the planted leg elsewhere: listed, in neither score. */
    LEG_NOT_CREDITED,
    SURVIVED,
    NO_COVERAGE;

    boolean legOnly() {
      return this == LEG_JUDGE_WIRING || this == LEG_VARIANT_LINE || this == LEG_NOT_CREDITED;
    }

    /** Counted in score B. */
    boolean credited() {
      return this == CAMPAIGN || this == LEG_JUDGE_WIRING || this == LEG_VARIANT_LINE;
    }
  }

  record Mutant(
      String status,
      String className,
      String method,
      int line,
      String sourceFile,
      String description,
      List<String> killingTests) {

    boolean killed() {
      return !status.equals("SURVIVED") && !status.equals("NO_COVERAGE");
    }

    boolean killedBy(String test) {
      return killingTests.stream().anyMatch(t -> t.contains(test));
    }

    /** The class's simple name, without an inner class's suffix. */
    String outerSimpleName() {
      String simple = className.substring(className.lastIndexOf('.') + 1);
      int dollar = simple.indexOf('$');
      return dollar < 0 ? simple : simple.substring(0, dollar);
    }
  }

  private MutationScores() {}

  public static void main(String[] args) throws Exception {
    boolean judges = args.length == 3 && args[2].equals("--judges");
    if ((args.length != 2 && !judges) || !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println(
          "usage: MutationScores MUTATIONS_XML SOURCE_DIR [--judges] (no such file)");
      System.exit(2);
    }
    List<Mutant> mutants = read(Path.of(args[0]));
    if (judges) {
      judges(mutants, System.out);
    } else {
      report(mutants, new SourceLines(Path.of(args[1])), System.out);
    }
  }

  /**
   * One row per judge (an inner class of the judges' classes, e.g. one invariant): its mutants,
   * those that fail a correct run, those that miss a planted bug, either, and neither.
   */
  static void judges(List<Mutant> mutants, PrintStream out) {
    Map<String, int[]> byJudge = new TreeMap<>();
    int[] all = new int[6];
    for (Mutant m : mutants) {
      String simple = m.className().substring(m.className().lastIndexOf('.') + 1);
      String judge = simple.substring(simple.indexOf('$') + 1).replaceAll("\\$\\d+$", "");
      int[] row = byJudge.computeIfAbsent(judge, k -> new int[6]);
      boolean strict = m.killed() && (m.killedBy(CAMPAIGN) || !m.killedBy(PLANTED));
      boolean weak = m.killedBy(PLANTED);
      int[] cells = {
        1,
        strict ? 1 : 0,
        weak ? 1 : 0,
        strict || weak ? 1 : 0,
        m.killed() ? 0 : 1,
        m.status().equals("NO_COVERAGE") ? 1 : 0
      };
      for (int i = 0; i < cells.length; i++) {
        row[i] += cells[i];
        all[i] += cells[i];
      }
    }
    byJudge.put("all", all);
    out.println(
        "| judge | mutants | fail a correct run (campaign) | miss a planted bug (leg)"
            + " | either | neither | of them no coverage |");
    out.println("|---|---|---|---|---|---|---|");
    byJudge.forEach(
        (k, v) ->
            out.println(
                "| `%s` | %d | %d | %d | %d | %d | %d |"
                    .formatted(k, v[0], v[1], v[2], v[3], v[4], v[5])));
  }

  static List<Mutant> read(Path xml) throws Exception {
    Element root =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(xml.toFile())
            .getDocumentElement();
    NodeList nodes = root.getElementsByTagName("mutation");
    List<Mutant> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element m = (Element) nodes.item(i);
      String killing = text(m, "killingTests");
      if (killing.isEmpty()) {
        killing = text(m, "killingTest");
      }
      out.add(
          new Mutant(
              m.getAttribute("status"),
              text(m, "mutatedClass"),
              text(m, "mutatedMethod"),
              Integer.parseInt(text(m, "lineNumber")),
              text(m, "sourceFile"),
              text(m, "description"),
              killing.isEmpty() ? List.of() : List.of(killing.split("\\|"))));
    }
    return out;
  }

  private static String text(Element parent, String tag) {
    NodeList l = parent.getElementsByTagName(tag);
    return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
  }

  static Credit credit(Mutant m, SourceLines source) {
    if (!m.killed()) {
      return m.status().equals("NO_COVERAGE") ? Credit.NO_COVERAGE : Credit.SURVIVED;
    }
    if (m.killedBy(CAMPAIGN) || !m.killedBy(PLANTED)) {
      return Credit.CAMPAIGN;
    }
    if (m.outerSimpleName().endsWith("Spec")) {
      return Credit.LEG_JUDGE_WIRING;
    }
    return namesVariant(source.line(m)) ? Credit.LEG_VARIANT_LINE : Credit.LEG_NOT_CREDITED;
  }

  /** The code part of a source line (no string literals, no trailing comment) names the variant. */
  static boolean namesVariant(String line) {
    String code = STRING_LITERAL.matcher(line).replaceAll("\"\"");
    int comment = code.indexOf("//");
    return VARIANT_LINE.matcher(comment < 0 ? code : code.substring(0, comment)).find();
  }

  static void report(List<Mutant> mutants, SourceLines source, PrintStream out) {
    Map<Credit, Integer> counts = new EnumMap<>(Credit.class);
    Map<String, int[]> byClass = new TreeMap<>();
    List<String> legOnly = new ArrayList<>();
    for (Mutant m : mutants) {
      Credit c = credit(m, source);
      counts.merge(c, 1, Integer::sum);
      int[] row = byClass.computeIfAbsent(m.outerSimpleName(), k -> new int[6]);
      row[0]++;
      row[1] += c == Credit.CAMPAIGN ? 1 : 0;
      row[2] += m.killedBy(PLANTED) ? 1 : 0;
      row[3] += c.legOnly() && c.credited() ? 1 : 0;
      row[4] += c == Credit.LEG_NOT_CREDITED ? 1 : 0;
      row[5] += m.killed() ? 0 : 1;
      if (c.legOnly()) {
        legOnly.add(
            "| %s | `%s.%s` line %d | %s |"
                .formatted(label(c), m.outerSimpleName(), m.method(), m.line(), m.description()));
      }
    }
    int a = counts.getOrDefault(Credit.CAMPAIGN, 0);
    int b = 0;
    for (Credit c : Credit.values()) {
      b += c.credited() ? counts.getOrDefault(c, 0) : 0;
    }
    out.println("| score | killed | mutants | % |");
    out.println("|---|---|---|---|");
    out.println(score("A: killed by the correct-protocol campaign", a, mutants.size()));
    out.println(score("B: A + a planted bug no longer caught (credited)", b, mutants.size()));
    out.println();
    out.println("| mutants by credit | count |");
    out.println("|---|---|");
    for (Credit c : Credit.values()) {
      out.println("| " + label(c) + " | " + counts.getOrDefault(c, 0) + " |");
    }
    out.println();
    out.println(
        "| class | mutants | campaign (A) | planted leg, any | leg only, credited"
            + " | leg only, not credited | not killed |");
    out.println("|---|---|---|---|---|---|---|");
    byClass.forEach(
        (k, v) ->
            out.println(
                "| `%s` | %d | %d | %d | %d | %d | %d |"
                    .formatted(k, v[0], v[1], v[2], v[3], v[4], v[5])));
    if (!legOnly.isEmpty()) {
      out.println();
      out.println("| killed only by the planted leg | where | mutant |");
      out.println("|---|---|---|");
      legOnly.forEach(out::println);
    }
  }

  private static String label(Credit c) {
    return switch (c) {
      case CAMPAIGN -> "killed by the campaign (A)";
      case LEG_JUDGE_WIRING -> "leg only, judges' wiring (B)";
      case LEG_VARIANT_LINE -> "leg only, variant line (B)";
      case LEG_NOT_CREDITED -> "leg only, not credited";
      case SURVIVED -> "survived";
      case NO_COVERAGE -> "no coverage";
    };
  }

  private static String score(String name, int killed, int total) {
    return String.format(
        "| %s | %d | %d | %.1f %% |",
        name, killed, total, total == 0 ? 0.0 : 100.0 * killed / total);
  }

  /** Source lines by class, read once per file. */
  static final class SourceLines {
    private final Path root;
    private final Map<String, List<String>> files = new HashMap<>();

    SourceLines(Path root) {
      this.root = root;
    }

    String line(Mutant m) {
      String pkg = m.className().substring(0, Math.max(0, m.className().lastIndexOf('.')));
      Path file = root.resolve(pkg.replace('.', '/')).resolve(m.sourceFile());
      List<String> lines =
          files.computeIfAbsent(
              file.toString(),
              k -> {
                try {
                  return Files.readAllLines(file);
                } catch (IOException e) {
                  return List.of();
                }
              });
      return m.line() >= 1 && m.line() <= lines.size() ? lines.get(m.line() - 1) : "";
    }
  }
}
