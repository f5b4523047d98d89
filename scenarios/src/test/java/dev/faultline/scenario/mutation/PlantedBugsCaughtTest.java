package dev.faultline.scenario.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.scenario.model.ProtocolRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The planted-bug leg PIT runs beside {@link MutationCampaignTest} when {@code build/mutation.sh}
 * is given {@code --planted} ({@code fl.mutation.planted=true}): every bug variant of the protocol
 * must still fail its library scenario(s) with the expected property. A mutant this fails but the
 * campaign does not counts only in the second score the script prints (see {@link MutationScores}):
 * it shows a judge or a variant switch the campaign cannot see, not a check that caught a wrong
 * protocol.
 */
@EnabledIfSystemProperty(named = "fl.mutation.planted", matches = "true")
class PlantedBugsCaughtTest {

  @Test
  void everyPlantedBugIsStillCaught() {
    String protocol = System.getProperty("fl.mutation.protocol");
    List<String> misses =
        PlantedBugs.missed(PlantedBugs.libraryRoot(), ProtocolRegistry.DEFAULT.byName(protocol));
    assertEquals(List.of(), misses, "planted bugs no longer caught");
  }
}
