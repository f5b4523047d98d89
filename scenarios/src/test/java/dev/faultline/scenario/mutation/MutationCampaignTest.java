package dev.faultline.scenario.mutation;

import dev.faultline.scenario.junit.FaultlineFuzz;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The test PIT runs against every mutant of a protocol's classes: a correct-protocol swarm
 * campaign. A mutant is killed when any seed fails an invariant, linearizability, an EVENTUALLY
 * property or liveness outside a declared progress limit. Opt-in: the {@code mutation} profile sets
 * {@code fl.mutation.protocol}; without it this test is skipped.
 */
@EnabledIfSystemProperty(named = "fl.mutation.protocol", matches = ".+")
class MutationCampaignTest {

  @Test
  void correctProtocolPassesItsCampaign() {
    String protocol = System.getProperty("fl.mutation.protocol");
    FaultlineFuzz.protocol(protocol)
        .ops(Integer.getInteger("fl.mutation.ops", 100))
        .thinkTicks(Long.getLong("fl.mutation.thinkTicks", 10L))
        .durationTicks(Long.getLong("fl.mutation.durationTicks", 0L))
        .seeds(Long.getLong("fl.mutation.seeds", 200L))
        .firstSeed(Long.getLong("fl.mutation.firstSeed", 1L))
        .shrink(false)
        .outDir(Path.of(System.getProperty("java.io.tmpdir"), "faultline-mutation"))
        .check();
  }
}
