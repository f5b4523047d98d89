package dev.faultline.scenario.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.faultline.scenario.cli.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON text into a {@link Located} tree with Jackson's streaming parser. Syntax errors,
 * duplicate keys and trailing content become one-line {@link UserError}s naming file, line and
 * column.
 */
public final class LocatedJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private LocatedJson() {}

  public static Located parse(String text, String file) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new UserError(file + ":1:1: (file): empty file, expected a JSON object");
      }
      Located root = value(p, file, "");
      JsonToken extra = p.nextToken();
      if (extra != null) {
        throw error(
            file, p.currentTokenLocation(), "(file)", "unexpected content after the JSON value");
      }
      return root;
    } catch (JsonParseException e) {
      JsonLocation loc = e.getLocation();
      String msg = e.getOriginalMessage();
      int cut = msg.indexOf('\n');
      throw error(file, loc, "(syntax)", cut < 0 ? msg : msg.substring(0, cut));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
  }

  static UserError error(String file, JsonLocation loc, String path, String problem) {
    return new UserError(
        file + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": " + path + ": " + problem);
  }

  private static Located value(JsonParser p, String file, String path) throws IOException {
    JsonLocation loc = p.currentTokenLocation();
    int line = loc.getLineNr();
    int col = loc.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Located> fields = new LinkedHashMap<>();
        Map<String, Located> keys = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonLocation keyLoc = p.currentTokenLocation();
          String childPath = path.isEmpty() ? name : path + "." + name;
          if (fields.containsKey(name)) {
            throw error(file, keyLoc, childPath, "duplicate field");
          }
          keys.put(name, new Located.Null(keyLoc.getLineNr(), keyLoc.getColumnNr(), childPath));
          p.nextToken();
          fields.put(name, value(p, file, childPath));
        }
        return new Located.Obj(line, col, path, fields, keys);
      }
      case START_ARRAY -> {
        List<Located> items = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(p, file, path + "[" + i++ + "]"));
        }
        return new Located.Arr(line, col, path, items);
      }
      case VALUE_STRING -> {
        return new Located.Str(line, col, path, p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return new Located.Num(line, col, path, p.getText(), true);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Located.Num(line, col, path, p.getText(), false);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Located.Bool(line, col, path, t == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return new Located.Null(line, col, path);
      }
      default -> throw error(file, loc, path.isEmpty() ? "(file)" : path, "unexpected " + t);
    }
  }
}
