package io.reunir.agent.probe.host;

import io.reunir.agent.model.OsRelease;
import io.reunir.agent.probe.Bounded;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses os-release(5): {@code KEY=value} lines, {@code #} comments, values quoted as in a shell —
 * single quotes literal, double quotes with {@code \$ \" \\ \`} escapes, backslash escapes outside quotes.
 * A line that is not an assignment is ignored, as systemd does.
 */
public final class OsReleaseParser {
  private OsReleaseParser() {}

  public static Map<String, String> parseFields(String text) {
    Map<String, String> fields = new HashMap<>();
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        continue;
      }
      fields.put(key, Bounded.text(unquote(line.substring(eq + 1))));
    }
    return fields;
  }

  public static OsRelease parse(String text) {
    Map<String, String> f = parseFields(text);
    return new OsRelease(f.get("ID"), f.get("ID_LIKE"), f.get("NAME"), f.get("PRETTY_NAME"),
        f.get("VERSION"), f.get("VERSION_ID"), f.get("VERSION_CODENAME"));
  }

  static String unquote(String value) {
    var out = new StringBuilder(value.length());
    char quote = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          out.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < value.length() && "$\"\\`".indexOf(value.charAt(i + 1)) >= 0) {
          out.append(value.charAt(++i));
        } else {
          out.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '\\' && i + 1 < value.length()) {
        out.append(value.charAt(++i));
      } else if (c == '#' && (i == 0 || Character.isWhitespace(value.charAt(i - 1)))) {
        break;
      } else {
        out.append(c);
      }
    }
    return out.toString().strip();
  }
}
