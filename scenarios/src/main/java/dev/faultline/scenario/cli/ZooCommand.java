package dev.faultline.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.zoo.ZooRow;
import dev.faultline.scenario.zoo.ZooRun;
import dev.faultline.scenario.zoo.ZooTable;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClusterSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline zoo}: the bug-zoo benchmark. For every registered protocol and bug variant (or
 * those the filters keep), K fuzz campaigns over disjoint seed ranges until the first failure or a
 * time cap, and the variant's declared BFS; a table in markdown (stdout and {@code --out}) and JSON
 * beside it.
 */
@Command(
    name = "zoo",
    mixinStandardHelpOptions = true,
    description =
        "bug-zoo benchmark: for each protocol variant, K fuzz campaigns (disjoint seed ranges) until"
            + " the first failure, and its declared BFS; writes a markdown and a JSON table")
public final class ZooCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--protocol",
      paramLabel = "P",
      description = "only this protocol (default: every registered one)")
  String protocol;

  @Option(
      names = "--variant",
      paramLabel = "V",
      description = "only this variant, e.g. R8 (default: every variant)")
  String variant;

  @Option(
      names = "--campaigns",
      paramLabel = "K",
      defaultValue = "5",
      description = "independent campaigns per variant (default: ${DEFAULT-VALUE})")
  int campaigns;

  @Option(
      names = "--cap",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = Durations.class,
      description = "wall-time cap of one campaign, e.g. 60s (default: 60s)")
  long capMillis;

  @Option(
      names = "--max-states",
      paramLabel = "N",
      defaultValue = "20000000",
      description = "unique-state cap of each declared BFS (default: ${DEFAULT-VALUE})")
  long maxStates;

  @Option(names = "--no-explore", description = "skip the declared searches (default: off)")
  boolean noExplore;

  @Option(
      names = "--guided",
      description =
          "coverage-guided campaigns (as fuzz --guided), to compare with the plain swarm"
              + " (default: off)")
  boolean guided;

  @Option(
      names = "--shard",
      paramLabel = "I/N",
      description = "run every N-th variant, starting at the I-th (1-based; default: 1/1, all)")
  String shard;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "zoo.md",
      description = "markdown table; the JSON goes beside it as FILE.json (default: zoo.md)")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (campaigns < 1 || campaigns > 1000) {
      throw new UserError("--campaigns must be in [1, 1000], was " + campaigns);
    }
    int[] ownShard = parseShard();
    List<BugVariant> all = new ArrayList<>();
    List<ClusterSpec> specs = new ArrayList<>();
    selected(specs, all);
    Path jsonOut = out.resolveSibling(out.getFileName() + ".json");
    OutputPaths.requireFile("--out", out);
    OutputPaths.requireFile("--out", jsonOut);
    PrintWriter stdout = spec.commandLine().getOut();
    ZooRun run =
        new ZooRun(
            new ZooRun.Settings(
                campaigns,
                capMillis,
                !noExplore,
                maxStates,
                guided ? FuzzCampaign.DEFAULT_MUTANT_SHARE : -1));
    List<ZooRow> rows = new ArrayList<>();
    for (int i = ownShard[0] - 1; i < all.size(); i += ownShard[1]) {
      ZooRow row = run.measure(specs.get(i), all.get(i));
      rows.add(row);
      stdout.printf(
          "%s %s: found %d/%d%n", row.protocol(), row.variant(), row.found(), row.campaigns());
      stdout.flush();
    }
    String header =
        "Bug zoo: "
            + campaigns
            + " campaigns per variant, "
            + capMillis / 1000.0
            + " s cap each, 1 thread"
            + (guided ? ", coverage-guided" : "")
            + "; median over the campaigns that found it.\n\n";
    String md = ZooTable.markdown(rows, header);
    stdout.print(md);
    ObjectNode settings = new ObjectMapper().createObjectNode();
    settings.put("campaigns", campaigns).put("capMillis", capMillis).put("explore", !noExplore);
    settings.put("guided", guided);
    settings.put("shard", ownShard[0] + "/" + ownShard[1]);
    try {
      Files.writeString(out, md, StandardCharsets.UTF_8);
      Files.writeString(jsonOut, ZooTable.json(rows, settings) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("--out " + out + ": " + OutputPaths.describe(e));
    }
    stdout.println("Written: " + out + " " + jsonOut);
    return ExitCodes.OK;
  }

  /** Every (protocol, variant) the filters keep, in registry and enum order. */
  private void selected(List<ClusterSpec> specs, List<BugVariant> variants) {
    if (protocol != null && ProtocolRegistry.DEFAULT.byName(protocol) == null) {
      throw new UserError(
          "--protocol: unknown protocol '"
              + protocol
              + "'; known: "
              + String.join(", ", ProtocolRegistry.DEFAULT.names()));
    }
    for (ClusterSpec p : ProtocolRegistry.DEFAULT.all()) {
      if (protocol != null && !protocol.equals(p.name())) {
        continue;
      }
      for (BugVariant v : p.variants()) {
        if (variant == null || variant.equalsIgnoreCase(v.id())) {
          specs.add(p);
          variants.add(v);
        }
      }
    }
    if (variants.isEmpty()) {
      throw new UserError("--variant: no variant '" + variant + "' in the selected protocols");
    }
  }

  private int[] parseShard() {
    if (shard == null) {
      return new int[] {1, 1};
    }
    String[] parts = shard.split("/");
    try {
      int i = Integer.parseInt(parts[0]);
      int n = Integer.parseInt(parts[1]);
      if (parts.length == 2 && n >= 1 && i >= 1 && i <= n) {
        return new int[] {i, n};
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new UserError("--shard must be I/N with 1 <= I <= N, was '" + shard + "'");
  }
}
