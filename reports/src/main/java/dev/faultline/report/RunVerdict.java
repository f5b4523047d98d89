package dev.faultline.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's complete verdict, read from its {@code result.json}: every property checked with its
 * outcome ({@code "checks": [{property, kind, outcome, detail}]}), shown first in the report's
 * header. Also what identifies the run when the trace cannot ({@code "seed": null} and an {@code
 * "origin"} for an explorer replay, which has no seed).
 */
final class RunVerdict {
  private RunVerdict() {}

  static JsonNode read(Path file) {
    try {
      return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw ReportInputException.at(file, 0, "cannot read: " + e.getMessage());
    }
  }

  static JsonNode parse(Path file, String text) {
    JsonNode root;
    try {
      root = JsonLines.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw ReportInputException.at(file, line, "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw ReportInputException.at(
          file, 0, "expected a JSON object, found " + JsonLines.describe(root));
    }
    JsonNode checks = root.get("checks");
    if (checks != null && !checks.isArray()) {
      throw ReportInputException.at(file, 0, "field \"checks\": must be an array");
    }
    if (checks != null) {
      for (JsonNode c : checks) {
        if (!c.path("property").isTextual() || !c.path("outcome").isTextual()) {
          throw ReportInputException.at(
              file, 0, "each of \"checks\" needs string \"property\" and \"outcome\", found " + c);
        }
      }
    }
    return root;
  }

  /** Copies the verdict into the page's metadata (the result's identity wins over the trace's). */
  static void into(ObjectNode meta, JsonNode result) {
    JsonNode checks = result.get("checks");
    if (checks instanceof ArrayNode a) {
      meta.set("checks", a);
    }
    if (result.has("seed")) {
      JsonNode seed = result.get("seed");
      if (seed.isNull()) {
        meta.remove("seed");
      } else {
        meta.put("seed", seed.asText());
      }
    }
    for (String field : new String[] {"origin", "expect", "expectationMet", "verdict"}) {
      if (result.hasNonNull(field)) {
        meta.set(field, result.get(field));
      }
    }
  }
}
