package dev.faultline.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough EDN for Jepsen/Knossos histories: nil, booleans, integers, strings, keywords,
 * symbols, vectors, lists, sets and maps (commas are whitespace, {@code ;} starts a comment). Maps
 * remember the line they start on so errors can name it.
 */
final class EdnParser {
  /** A keyword such as {@code :invoke}, without the colon. */
  record Keyword(String name) {
    @Override
    public String toString() {
      return ":" + name;
    }
  }

  /** A symbol (anything bare that is not nil/true/false/a number). */
  record Symbol(String name) {}

  /** A map with the line its opening brace is on. */
  record EdnMap(Map<Object, Object> entries, long line) {
    Object get(String keyword) {
      return entries.get(new Keyword(keyword));
    }

    boolean has(String keyword) {
      return entries.containsKey(new Keyword(keyword));
    }
  }

  /** A syntax error at a line. */
  static final class SyntaxError extends Exception {
    final long line;

    SyntaxError(long line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  private static final Object END = new Object();
  private final String text;
  private int pos;
  private long line = 1;

  EdnParser(String text) {
    this.text = text;
  }

  /** All top-level forms of the text. */
  List<Object> readAll() throws SyntaxError {
    List<Object> forms = new ArrayList<>();
    while (true) {
      Object form = read((char) 0);
      if (form == END) {
        return forms;
      }
      forms.add(form);
    }
  }

  long line() {
    return line;
  }

  /** Reads one form; {@code closer} is the bracket that ends the enclosing collection (0: none). */
  private Object read(char closer) throws SyntaxError {
    skipSpace();
    if (pos >= text.length()) {
      if (closer != 0) {
        throw new SyntaxError(line, "unexpected end of file: missing '" + closer + "'");
      }
      return END;
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{' -> {
        long at = line;
        pos++;
        List<Object> items = readUntil('}');
        if (items.size() % 2 != 0) {
          throw new SyntaxError(at, "map has a key without a value");
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
          m.put(items.get(i), items.get(i + 1));
        }
        return new EdnMap(m, at);
      }
      case '[' -> {
        pos++;
        return readUntil(']');
      }
      case '(' -> {
        pos++;
        return readUntil(')');
      }
      case '#' -> {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == '{') {
          pos += 2;
          return readUntil('}');
        }
        throw new SyntaxError(line, "unsupported EDN tag '#'");
      }
      case '}', ']', ')' -> {
        if (c == closer) {
          pos++;
          return END;
        }
        throw new SyntaxError(line, "unexpected '" + c + "'");
      }
      case '"' -> {
        return readString();
      }
      default -> {
        return readAtom();
      }
    }
  }

  private List<Object> readUntil(char closer) throws SyntaxError {
    List<Object> items = new ArrayList<>();
    while (true) {
      Object o = read(closer);
      if (o == END) {
        return items;
      }
      items.add(o);
    }
  }

  private String readString() throws SyntaxError {
    long at = line;
    StringBuilder sb = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\n') {
        line++;
      }
      if (c == '\\' && pos < text.length()) {
        char e = text.charAt(pos++);
        sb.append(
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> e;
            });
      } else {
        sb.append(c);
      }
    }
    throw new SyntaxError(at, "unterminated string");
  }

  private Object readAtom() throws SyntaxError {
    int start = pos;
    while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
      pos++;
    }
    String tok = text.substring(start, pos);
    if (tok.isEmpty()) {
      throw new SyntaxError(line, "unexpected '" + text.charAt(pos) + "'");
    }
    if (tok.charAt(0) == ':') {
      if (tok.length() == 1) {
        throw new SyntaxError(line, "empty keyword");
      }
      return new Keyword(tok.substring(1));
    }
    switch (tok) {
      case "nil" -> {
        return null;
      }
      case "true" -> {
        return Boolean.TRUE;
      }
      case "false" -> {
        return Boolean.FALSE;
      }
      default -> {}
    }
    char c0 = tok.charAt(0);
    if (Character.isDigit(c0) || ((c0 == '-' || c0 == '+') && tok.length() > 1)) {
      String num = tok.endsWith("N") ? tok.substring(0, tok.length() - 1) : tok;
      try {
        return Long.parseLong(num);
      } catch (NumberFormatException e) {
        try {
          return Double.parseDouble(num);
        } catch (NumberFormatException e2) {
          throw new SyntaxError(line, "bad number '" + tok + "'");
        }
      }
    }
    return new Symbol(tok);
  }

  private static boolean isDelimiter(char c) {
    return Character.isWhitespace(c)
        || c == ','
        || c == '{'
        || c == '}'
        || c == '['
        || c == ']'
        || c == '('
        || c == ')'
        || c == '"'
        || c == ';';
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c) || c == ',') {
        pos++;
      } else if (c == ';') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }
}
