package dev.faultline.scenario.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.cli.FaultlineCli;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The campaign manifests (deploy/k8s, .github/workflows/campaign.yml) parse as YAML, have the shape
 * their engines need (an Indexed Job whose completions equal its shard count; a matrix workflow
 * that only runs when dispatched by hand), and use only flags the CLI has.
 */
class CampaignManifestsTest {
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> yaml(String path) throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object d : new Yaml().loadAll(Files.readString(RepoFiles.root().resolve(path)))) {
      docs.add((Map<String, Object>) d);
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Object node, String... keys) {
    Object n = node;
    for (String k : keys) {
      n = ((Map<String, Object>) n).get(k);
    }
    return (T) n;
  }

  /** Every --flag in {@code script} after "faultline SUBCOMMAND" is an option of that command. */
  private static void assertFlagsExist(String script, String subcommand) {
    CommandLine cli = new CommandLine(new FaultlineCli());
    CommandLine sub = cli.getSubcommands().get(subcommand);
    int from = script.indexOf("faultline " + subcommand);
    assertTrue(from >= 0, "runs 'faultline " + subcommand + "': " + script);
    Matcher m = FLAG.matcher(script.substring(from));
    int n = 0;
    while (m.find()) {
      assertTrue(
          sub.getCommandSpec().findOption(m.group()) != null,
          "'" + subcommand + "' has no option " + m.group());
      n++;
    }
    assertTrue(n > 0, "no flags found in " + script);
  }

  @Test
  void kubernetesIndexedJobRunsOneShardPerIndex() throws Exception {
    List<Map<String, Object>> docs = yaml("deploy/k8s/fuzz-campaign.yaml");
    Map<String, Object> job =
        docs.stream().filter(d -> "Job".equals(d.get("kind"))).findFirst().orElseThrow();
    assertEquals("batch/v1", job.get("apiVersion"));
    assertEquals("Indexed", at(job, "spec", "completionMode"));
    List<Map<String, Object>> containers = at(job, "spec", "template", "spec", "containers");
    Map<String, Object> fuzz = containers.get(0);
    String shards = null;
    for (Map<String, Object> env : (List<Map<String, Object>>) fuzz.get("env")) {
      if ("SHARDS".equals(env.get("name"))) {
        shards = (String) env.get("value");
      }
    }
    assertEquals(String.valueOf((Object) at(job, "spec", "completions")), shards);
    String script = String.join("\n", (List<String>) fuzz.get("args"));
    assertTrue(script.contains("JOB_COMPLETION_INDEX + 1"), script);
    assertTrue(script.contains("--shard \"$I/$SHARDS\""), script);
    assertFlagsExist(script, "fuzz");
    Object claim =
        docs.stream().filter(d -> "PersistentVolumeClaim".equals(d.get("kind"))).findFirst();
    assertTrue(((java.util.Optional<?>) claim).isPresent(), "a shared results volume");

    Map<String, Object> merge = yaml("deploy/k8s/merge-campaign.yaml").get(0);
    List<Map<String, Object>> mc = at(merge, "spec", "template", "spec", "containers");
    assertFlagsExist(String.join("\n", (List<String>) mc.get(0).get("args")), "merge");
  }

  @Test
  void workflowIsAManualMatrixOfShardsThenAMerge() throws Exception {
    Map<String, Object> wf = yaml(".github/workflows/campaign.yml").get(0);
    // YAML 1.1 reads the key `on` as the boolean true.
    Map<String, Object> on =
        (Map<String, Object>) (wf.containsKey("on") ? wf.get("on") : wf.get(true));
    assertEquals(List.of("workflow_dispatch"), new ArrayList<>(on.keySet()), "manual only");
    Map<String, Object> jobs = at(wf, "jobs");
    assertEquals(List.of("plan", "shard", "merge"), new ArrayList<>(jobs.keySet()));
    assertTrue(
        String.valueOf((Object) at(jobs.get("shard"), "strategy", "matrix", "shard"))
            .contains("needs.plan.outputs.shards"));
    String shardRun = runs(jobs.get("shard"));
    assertTrue(shardRun.contains("--shard '${{ matrix.shard }}/${{ inputs.shards }}'"), shardRun);
    assertFlagsExist(shardRun, "fuzz");
    assertFlagsExist(runs(jobs.get("merge")), "merge");
  }

  @SuppressWarnings("unchecked")
  private static String runs(Object job) {
    StringBuilder b = new StringBuilder();
    for (Map<String, Object> step : (List<Map<String, Object>>) at(job, "steps")) {
      if (step.get("run") != null) {
        b.append(step.get("run")).append('\n');
      }
    }
    return b.toString();
  }
}
