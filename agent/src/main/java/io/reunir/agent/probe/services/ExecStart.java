package io.reunir.agent.probe.services;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.NotRegularFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The program a unit's {@code ExecStart=} names, for when {@code proc/<pid>/exe} is unreadable (the agent
 * runs without CAP_SYS_PTRACE, so other users' exe links are closed to it).
 *
 * <p>Rules, as systemd applies them: the unit's defining file is read, then its drop-ins
 * {@code <unit>.d/*.conf} from every unit folder, ordered by file name (a name in a higher-precedence
 * folder hides the same name lower down). In the {@code [Service]} section an empty {@code ExecStart=}
 * clears the earlier ones; the first command left is the main process's. Its prefixes ({@code -@:+!} and
 * {@code !!}) are stripped and the first word is the program. A bare name is searched in systemd's fixed
 * PATH (systemd 239 and later). The program must exist in the host root, else there is none.
 */
final class ExecStart {
  private static final int MAX_FILE_BYTES = 1 << 20;
  private static final List<String> SEARCH_PATH =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  private ExecStart() {}

  /** The host path of the unit's main program, if its files name one that exists in the host root. */
  static Optional<String> program(HostRoot host, UnitFiles units, String unit) throws IOException {
    Optional<Path> main = units.definingFile(unit);
    if (main.isEmpty()) {
      return Optional.empty();
    }
    String command = null;
    boolean found = false;
    for (Path file : files(host, main.get(), unit)) {
      for (String value : execStarts(host, file)) {
        if (value.isEmpty()) {
          command = null;
          found = false;
        } else if (!found) {
          command = value;
          found = true;
        }
      }
    }
    return command == null ? Optional.empty() : existing(host, firstWord(command));
  }

  private static List<Path> files(HostRoot host, Path main, String unit) throws IOException {
    Map<String, Path> dropIns = new TreeMap<>();
    List<String> dirNames = UnitFiles.isInstance(unit)
        ? List.of(UnitFiles.templateOf(unit) + ".d", unit + ".d")
        : List.of(unit + ".d");
    for (String dirName : dirNames) {
      for (String folder : UnitFiles.folders()) {
        Path dir = host.resolve(folder + "/" + dirName);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (Stream<Path> children = Files.list(dir)) {
          for (Path child : children.toList()) {
            String name = child.getFileName().toString();
            if (name.endsWith(".conf")) {
              dropIns.putIfAbsent(name, host.resolve(folder + "/" + dirName + "/" + name));
            }
          }
        }
      }
    }
    var all = new ArrayList<Path>();
    all.add(main);
    all.addAll(dropIns.values());
    return all;
  }

  /** The {@code ExecStart=} values of the file's {@code [Service]} section, in order. */
  static List<String> execStarts(HostRoot host, Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_FILE_BYTES) {
      return List.of();
    }
    String text;
    try (var in = host.open(file)) {
      text = new String(in.readNBytes(MAX_FILE_BYTES), StandardCharsets.UTF_8);
    } catch (NotRegularFileException swappedSinceTheLook) {
      return List.of();
    }
    var values = new ArrayList<String>();
    boolean service = false;
    for (String raw : text.lines().toList()) {
      String line = raw.strip();
      if (line.startsWith("[")) {
        service = line.equals("[Service]");
      } else if (service && line.startsWith("ExecStart")) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(0, eq).strip().equals("ExecStart")) {
          values.add(line.substring(eq + 1).strip());
        }
      }
    }
    return values;
  }

  /** The program word of a command line, its prefixes stripped. */
  static String firstWord(String command) {
    int start = 0;
    while (start < command.length() && "-@:+!".indexOf(command.charAt(start)) >= 0) {
      start++;
    }
    String rest = command.substring(start).strip();
    int space = rest.indexOf(' ');
    return space < 0 ? rest : rest.substring(0, space);
  }

  private static Optional<String> existing(HostRoot host, String program) throws IOException {
    if (program.isEmpty()) {
      return Optional.empty();
    }
    if (program.startsWith("/")) {
      return isFile(host, program) ? Optional.of(program) : Optional.empty();
    }
    if (program.contains("/")) {
      return Optional.empty();
    }
    for (String dir : SEARCH_PATH) {
      String candidate = dir + "/" + program;
      if (isFile(host, candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean isFile(HostRoot host, String hostPath) throws IOException {
    return Files.isRegularFile(host.resolve(hostPath));
  }
}
