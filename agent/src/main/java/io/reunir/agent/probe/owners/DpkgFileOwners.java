package io.reunir.agent.probe.owners;

import io.reunir.agent.probe.HostRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * File owners from dpkg's per-package file lists, {@code var/lib/dpkg/info/<pkg>[:<arch>].list}.
 *
 * <p>The lists are read on the first question and then kept, so one collection reads them once. A path
 * is found under the name the package shipped it as, under the name with its directory's symbolic links
 * resolved on the host ({@code /lib -> usr/lib} and friends), and under its merged-/usr twin
 * ({@code /bin/x} and {@code /usr/bin/x}), because the kernel reports the real path of a running
 * program while packages built before the /usr merge list the old one. The twin is tried even when
 * the host's {@code /bin} link is not mounted into the agent's pod.
 */
public final class DpkgFileOwners implements PackageOwners {
  static final String INFO_DIR = "/var/lib/dpkg/info";
  private static final List<String> MERGED_DIRS =
      List.of("/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/");

  private final HostRoot host;
  private Map<String, String> owners;
  private final Map<String, String> realDirs = new HashMap<>();

  public DpkgFileOwners(HostRoot host) {
    this.host = host;
  }

  @Override
  public Optional<String> owner(String hostPath) {
    Map<String, String> index = index();
    for (String candidate : candidates(hostPath)) {
      String owner = index.get(candidate);
      if (owner != null) {
        return Optional.of(owner);
      }
    }
    return Optional.empty();
  }

  /** How many paths the lists name; zero when the host has no dpkg database. */
  public int size() {
    return index().size();
  }

  private List<String> candidates(String path) {
    List<String> result = new ArrayList<>(List.of(path, realPath(path)));
    for (String p : List.copyOf(result)) {
      mergedUsrTwin(p).ifPresent(result::add);
    }
    return result;
  }

  /** {@code /bin/x} for {@code /usr/bin/x} and the reverse, for the directories the /usr merge moved. */
  static Optional<String> mergedUsrTwin(String path) {
    for (String dir : MERGED_DIRS) {
      if (path.startsWith("/usr" + dir)) {
        return Optional.of(path.substring(4));
      }
      if (path.startsWith(dir)) {
        return Optional.of("/usr" + path);
      }
    }
    return Optional.empty();
  }

  private synchronized Map<String, String> index() {
    if (owners == null) {
      owners = load();
    }
    return owners;
  }

  private Map<String, String> load() {
    Map<String, String> index = new HashMap<>();
    Path dir;
    try {
      dir = host.resolve(INFO_DIR);
    } catch (IOException e) {
      return index;
    }
    if (!Files.isDirectory(dir)) {
      return index;
    }
    List<Path> lists;
    try (Stream<Path> files = Files.list(dir)) {
      lists = files.filter(p -> p.getFileName().toString().endsWith(".list")).sorted().toList();
    } catch (IOException e) {
      return index;
    }
    for (Path list : lists) {
      String pkg = packageName(list.getFileName().toString());
      // InputStreamReader replaces malformed bytes rather than failing the whole list.
      try (var lines = new BufferedReader(
          new InputStreamReader(host.open(list), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("/") && !line.equals("/.")) {
            index.putIfAbsent(line, pkg);
            index.putIfAbsent(realPath(line), pkg);
          }
        }
      } catch (IOException e) {
        // One unreadable or non-UTF-8 list loses that package's files, not every package's.
      }
    }
    return index;
  }

  /** {@code libc6:amd64.list} names package {@code libc6}: documents name packages without arch. */
  static String packageName(String listFile) {
    String base = listFile.substring(0, listFile.length() - ".list".length());
    int colon = base.indexOf(':');
    return colon < 0 ? base : base.substring(0, colon);
  }

  /** The path with its directory's links resolved inside the host root; memoized per directory. */
  private String realPath(String path) {
    int slash = path.lastIndexOf('/');
    if (slash <= 0) {
      return path;
    }
    String dir = path.substring(0, slash);
    String real = realDirs.computeIfAbsent(dir, this::resolveDir);
    return real + path.substring(slash);
  }

  private String resolveDir(String dir) {
    try {
      Path resolved = host.resolve(dir);
      if (!Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS)) {
        return dir;
      }
      return "/" + host.root().relativize(resolved).toString().replace('\\', '/');
    } catch (IOException e) {
      return dir;
    }
  }
}
