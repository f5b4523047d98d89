package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.Annotations;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every role word the simulator API publishes has a colour in the report's role palette. */
class RolePaletteTest {

  @Test
  void everyPublishedRoleWordIsColoured() throws Exception {
    String palette;
    try (InputStream in = getClass().getResourceAsStream("report.js")) {
      assertNotNull(in, "report.js on the classpath");
      String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("var ROLE = \\{([^}]*)\\}").matcher(js);
      assertTrue(m.find(), "report.js declares its role palette as `var ROLE = {...}`");
      palette = m.group(1);
    }
    for (String role : Annotations.Roles.ALL) {
      Pattern key = Pattern.compile("(^|[\\s,{])'?" + Pattern.quote(role) + "'?\\s*:");
      assertTrue(key.matcher(palette).find(), "no colour for role '" + role + "' in " + palette);
    }
  }
}
