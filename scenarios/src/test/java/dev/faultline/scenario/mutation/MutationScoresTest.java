package dev.faultline.scenario.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.mutation.MutationScores.Credit;
import dev.faultline.scenario.mutation.MutationScores.Mutant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Score A counts only the campaign; B adds leg-only kills in the judges' wiring or on variant
 * lines.
 */
class MutationScoresTest {
  private static final String CAMPAIGN =
      "dev.faultline.scenario.mutation.MutationCampaignTest.[engine:junit-jupiter]/[method:c()]";
  private static final String LEG =
      "dev.faultline.scenario.mutation.PlantedBugsCaughtTest.[engine:junit-jupiter]/[method:p()]";

  private static String mutation(String status, String cls, int line, String killing) {
    return "<mutation detected='x' status='"
        + status
        + "' numberOfTestsRun='2'><sourceFile>"
        + cls
        + ".java</sourceFile><mutatedClass>p."
        + cls
        + "</mutatedClass><mutatedMethod>m</mutatedMethod><methodDescription>()V</methodDescription>"
        + "<lineNumber>"
        + line
        + "</lineNumber><mutator>M</mutator><killingTests>"
        + killing
        + "</killingTests><succeedingTests></succeedingTests><description>d"
        + line
        + "</description></mutation>\n";
  }

  @Test
  void scoresSeparateTheCampaignFromTheLeg(@TempDir Path tmp) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/p"));
    Files.write(
        src.resolve("Node.java"),
        List.of(
            "class Node {",
            "  void m() {",
            "    if (bug == NodeBug.X1) { // the guard",
            "      send(); // a bug variant's body",
            "    }",
            "    log(\"bug\"); // a bug",
            "  }",
            "}"));
    Path xml = tmp.resolve("mutations.xml");
    Files.writeString(
        xml,
        "<?xml version='1.0'?>\n<mutations>\n"
            + mutation("KILLED", "Node", 3, CAMPAIGN + "|" + LEG)
            + mutation("KILLED", "Node", 3, LEG)
            + mutation("KILLED", "Node", 4, LEG)
            + mutation("KILLED", "Node", 6, LEG)
            + mutation("KILLED", "NodeSpec$1", 9, LEG)
            + mutation("TIMED_OUT", "Node", 2, "")
            + mutation("SURVIVED", "Node", 2, "")
            + mutation("NO_COVERAGE", "Node", 2, "")
            + "</mutations>\n");
    List<Mutant> mutants = MutationScores.read(xml);
    MutationScores.SourceLines lines = new MutationScores.SourceLines(tmp.resolve("src"));

    List<Credit> credits = mutants.stream().map(m -> MutationScores.credit(m, lines)).toList();

    assertEquals(
        List.of(
            Credit.CAMPAIGN,
            Credit.LEG_VARIANT_LINE,
            Credit.LEG_NOT_CREDITED,
            Credit.LEG_NOT_CREDITED,
            Credit.LEG_JUDGE_WIRING,
            Credit.CAMPAIGN,
            Credit.SURVIVED,
            Credit.NO_COVERAGE),
        credits);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MutationScores.report(mutants, lines, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        out.contains("| A: killed by the correct-protocol campaign | 2 | 8 | 25.0 % |"), out);
    assertTrue(
        out.contains("| B: A + a planted bug no longer caught (credited) | 4 | 8 | 50.0 % |"), out);
    assertTrue(out.contains("| `Node` | 7 | 2 | 4 | 1 | 2 | 2 |"), out);
    assertTrue(out.contains("| leg only, not credited | `Node.m` line 4 | d4 |"), out);
  }

  @Test
  void aVariantLineNamesTheBugInCodeNotInTextOrComments() {
    assertTrue(MutationScores.namesVariant("if (config.bug() != RaftBug.R2 && x) {"));
    assertTrue(MutationScores.namesVariant("boolean accept = inView || bug == PbBug.B3;"));
    assertTrue(MutationScores.namesVariant("PbBug bug = PbBug.parse(params.variant());"));
    assertFalse(MutationScores.namesVariant("return; // only a bug variant gets here"));
    assertFalse(MutationScores.namesVariant("throw new IllegalStateException(\"a bug\");"));
    assertFalse(MutationScores.namesVariant("s.debugLevel = 2;"));
  }

  @Test
  void judgesCountTooStrictAndTooWeakApart(@TempDir Path tmp) throws Exception {
    Path xml = tmp.resolve("mutations.xml");
    Files.writeString(
        xml,
        "<?xml version='1.0'?>\n<mutations>\n"
            + mutation("KILLED", "Inv$OnePrimary", 3, CAMPAIGN)
            + mutation("KILLED", "Inv$OnePrimary", 4, LEG)
            + mutation("KILLED", "Inv$OnePrimary", 5, LEG + "|" + CAMPAIGN)
            + mutation("SURVIVED", "Inv$OnePrimary", 6, "")
            + mutation("NO_COVERAGE", "Inv$Converge$1", 7, "")
            + "</mutations>\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    MutationScores.judges(
        MutationScores.read(xml), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("| `OnePrimary` | 4 | 2 | 2 | 3 | 1 | 0 |"), out);
    assertTrue(out.contains("| `Converge` | 1 | 0 | 0 | 0 | 1 | 1 |"), out);
    assertTrue(out.contains("| `all` | 5 | 2 | 2 | 3 | 2 | 1 |"), out);
  }
}
