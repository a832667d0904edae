package io.reunir.agent.probe.processes;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** User names by uid from the host's {@code etc/passwd} ({@code name:x:uid:gid:...}); the first wins. */
public final class Passwd {
  private final Map<Long, String> names;

  private Passwd(Map<Long, String> names) {
    this.names = names;
  }

  /** Lines that are not {@code name:pw:uid:...} (comments, NIS {@code +} entries, junk) are skipped. */
  public static Passwd parse(String text) {
    Map<Long, String> names = new HashMap<>();
    for (String line : text.split("\r?\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length < 3 || fields[0].isEmpty() || fields[0].startsWith("#")
          || fields[0].startsWith("+") || fields[0].startsWith("-")) {
        continue;
      }
      try {
        names.putIfAbsent(Long.parseLong(fields[2]), fields[0]);
      } catch (NumberFormatException e) {
        // Not a passwd entry; the file is the host's and may hold anything.
      }
    }
    return new Passwd(names);
  }

  public static Passwd empty() {
    return new Passwd(Map.of());
  }

  public Optional<String> name(long uid) {
    return Optional.ofNullable(names.get(uid));
  }
}
