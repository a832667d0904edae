package io.reunir.agent.probe.services;

import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The service unit files of a host and their enablement, decided the way {@code systemctl
 * list-unit-files} decides it, from files alone (systemd need not run).
 *
 * <p>Folders are searched in systemd's order, the first holding a name wins: etc/ over run/ over
 * usr/local/lib/, usr/lib/ and lib/ (a merged-/usr host's lib/ is usr/lib/ and is read once). A name
 * that is a link to {@code /dev/null}, or an empty file, is {@code masked}; a link to a unit of another
 * name is an alias of it (aliases are the same unit, so they are not listed, but a link by an alias's
 * name enables the unit). Enablement is a link in a {@code *.wants/} or {@code *.requires/} folder,
 * or an alias link, in etc/ ({@code enabled}) or run/ ({@code enabled-runtime}); links in the vendor
 * folders only pull units in and leave them {@code static}. Link targets are read as text, never
 * followed, so loops cannot trap the reader. Templates ({@code getty@.service}) never run themselves
 * and are not listed; their instances ({@code getty@tty1.service}) are, once a wants link or a cgroup
 * names them. Generator output and transient units are {@code generated} and {@code transient}.
 */
final class UnitFiles {
  private record Dir(String path, boolean config, String fixedState) {}

  private static final List<Dir> DIRS = List.of(
      new Dir("/etc/systemd/system.control", true, null),
      new Dir("/run/systemd/system.control", true, null),
      new Dir("/run/systemd/transient", false, "transient"),
      new Dir("/run/systemd/generator.early", false, "generated"),
      new Dir("/etc/systemd/system", true, null),
      new Dir("/run/systemd/system", true, null),
      new Dir("/run/systemd/generator", false, "generated"),
      new Dir("/usr/local/lib/systemd/system", false, null),
      new Dir("/usr/lib/systemd/system", false, null),
      new Dir("/lib/systemd/system", false, null),
      new Dir("/run/systemd/generator.late", false, "generated"));
  private static final int MAX_ALIAS_HOPS = 40;

  /** One name in a unit folder: a file, or a link whose target is kept as text. */
  private record Entry(String name, Dir dir, Path file, String linkTarget) {}

  private final HostRoot host;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  /** Names linked from a config folder's wants/requires folders or as top-level aliases, with the folder. */
  private final Map<String, Dir> enablingLinks = new LinkedHashMap<>();
  /** {@link #enablingLinks} by the real unit each link names, filled once all folders are read. */
  private Map<String, Dir> enabledBy = Map.of();
  private final Set<String> wantedNames = new HashSet<>();
  private final Set<String> problems = new LinkedHashSet<>();
  private boolean anyDir;

  private UnitFiles(HostRoot host) {
    this.host = host;
  }

  static UnitFiles scan(HostRoot host) throws IOException {
    var files = new UnitFiles(host);
    Set<Path> seenDirs = new HashSet<>();
    for (Dir dir : DIRS) {
      Path path = host.resolve(dir.path());
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && seenDirs.add(path)) {
        files.anyDir = true;
        files.read(dir, path);
      }
    }
    return files;
  }

  /** False on hosts without systemd (Alpine, distroless): no unit folder at all. */
  boolean hasSystemd() {
    return anyDir;
  }

  /** Unit files that could not be read, each named. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  private void read(Dir dir, Path path) throws IOException {
    for (Path child : list(path)) {
      String name = child.getFileName().toString();
      if (name.endsWith(".service")) {
        String target = Files.isSymbolicLink(child) ? Files.readSymbolicLink(child).toString() : null;
        entries.putIfAbsent(name, new Entry(name, dir, child, target));
        if (dir.config() && target != null && !target.equals("/dev/null") && !baseName(target).equals(name)) {
          enablingLinks.putIfAbsent(baseName(target), dir);
        }
      } else if ((name.endsWith(".wants") || name.endsWith(".requires"))
          && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        for (Path link : list(child)) {
          String linkName = link.getFileName().toString();
          if (linkName.endsWith(".service")) {
            wantedNames.add(linkName);
            if (dir.config()) {
              enablingLinks.putIfAbsent(linkName, dir);
            }
          }
        }
      }
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.sorted().toList();
    }
  }

  /**
   * Every listable service and its unit file state, by name: unit files that are neither templates nor
   * aliases, instances named by wants links, and the extra names given (units seen running).
   */
  Map<String, String> states(Set<String> extraNames) {
    enabledBy = new LinkedHashMap<>();
    enablingLinks.forEach((linkName, dir) -> enabledBy.putIfAbsent(realName(linkName), dir));
    Set<String> names = new HashSet<>(entries.keySet());
    names.addAll(wantedNames);
    names.addAll(extraNames);
    Map<String, String> states = new TreeMap<>();
    for (String name : names) {
      String real = realName(name);
      if (isTemplate(real) || !real.equals(name)) {
        continue;
      }
      String state = state(real);
      if (state != null || extraNames.contains(name)) {
        states.put(name, state);
      }
    }
    return states;
  }

  /** The unit folders in precedence order, the first one holding a name wins. */
  static List<String> folders() {
    return DIRS.stream().map(Dir::path).toList();
  }

  /**
   * The host path of the file that defines the unit (its template's for an instance without its own),
   * resolved inside the host root so an alias link cannot lead out of it; empty when none does.
   */
  Optional<Path> definingFile(String name) throws IOException {
    Entry entry = entries.get(name);
    if (entry == null && isInstance(name)) {
      entry = entries.get(templateOf(name));
    }
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.of(host.resolve(entry.dir().path() + "/" + entry.name()));
  }

  /** The unit file state of a real (non-alias) unit name; null when no file defines it. */
  private String state(String name) {
    Entry entry = entries.get(name);
    if (entry == null && isInstance(name)) {
      // An instance without its own file is its template's file: masked, static... as the template is.
      entry = entries.get(templateOf(name));
    }
    if (entry == null) {
      return null;
    }
    if (isMasked(entry)) {
      return "masked";
    }
    if (entry.dir().fixedState() != null) {
      return entry.dir().fixedState();
    }
    Dir link = enabledBy.get(name);
    if (link != null) {
      return enabledState(link);
    }
    if (entry.linkTarget() != null && entry.dir().config()) {
      return "linked";
    }
    return install(entry).unlinkedState();
  }

  private static String enabledState(Dir dir) {
    return dir.path().startsWith("/run/") ? "enabled-runtime" : "enabled";
  }

  private boolean isMasked(Entry entry) {
    if (entry.linkTarget() != null) {
      return entry.linkTarget().equals("/dev/null");
    }
    try {
      return Files.size(entry.file()) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private InstallSection install(Entry entry) {
    try {
      String hostPath = entry.linkTarget() != null
          ? absolute(entry) : entry.dir().path() + "/" + entry.name();
      Optional<String> text = host.readText(hostPath);
      if (text.isEmpty()) {
        problems.add(entry.name() + ": unit file " + hostPath + " not found");
      }
      return text.map(InstallSection::parse).orElse(InstallSection.NONE);
    } catch (IOException e) {
      problems.add(entry.name() + ": " + e.getMessage());
      return InstallSection.NONE;
    }
  }

  private static String absolute(Entry entry) {
    String target = entry.linkTarget();
    return target.startsWith("/") ? target : entry.dir().path() + "/" + target;
  }

  /** Follows alias links by name; a loop leaves the name as it is and is reported. */
  String realName(String name) {
    String current = name;
    for (int hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
      Entry entry = entries.get(current);
      if (entry == null || entry.linkTarget() == null || entry.linkTarget().equals("/dev/null")) {
        return current;
      }
      String next = baseName(entry.linkTarget());
      if (next.equals(current) || isInstance(current) && next.equals(templateOf(current))) {
        return current;
      }
      current = next;
    }
    problems.add(name + ": alias links loop or nest deeper than " + MAX_ALIAS_HOPS);
    return name;
  }

  static boolean isTemplate(String name) {
    return name.endsWith("@.service");
  }

  static boolean isInstance(String name) {
    int at = name.indexOf('@');
    return at > 0 && !isTemplate(name);
  }

  /** {@code getty@.service} for {@code getty@tty1.service}. */
  static String templateOf(String instance) {
    return instance.substring(0, instance.indexOf('@') + 1) + ".service";
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
