package io.reunir.agent.probe.host.rpm;

import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which installed rpm package owns a host path, from the packages' file lists (rpm stores each path
 * as a directory name plus a base name). Used to tell whether a vulnerable package is the one
 * behind a running service. Directories are stored once, so a host with 200,000 files stays small.
 */
public final class RpmFileOwners {
  private final Map<String, Map<String, String>> byDirectory = new HashMap<>();
  private Map<String, List<String>> realDirectories;
  private Path realDirectoriesRoot;

  /**
   * Records that {@code packageName} owns every file of the header's file list; a damaged list is
   * rejected whole, before anything is recorded.
   */
  void add(String packageName, List<String> dirNames, long[] dirIndexes, List<String> baseNames)
      throws RpmFormatException {
    if (dirIndexes.length != baseNames.size()) {
      throw new RpmFormatException(
          "package "
              + packageName
              + " has "
              + baseNames.size()
              + " file names but "
              + dirIndexes.length
              + " directory indexes");
    }
    for (int i = 0; i < dirIndexes.length; i++) {
      long dir = dirIndexes[i];
      if (dir < 0 || dir >= dirNames.size()) {
        throw new RpmFormatException(
            "package "
                + packageName
                + " file "
                + baseNames.get(i)
                + " points at directory "
                + dir
                + " of "
                + dirNames.size());
      }
    }
    for (int i = 0; i < dirIndexes.length; i++) {
      long dir = dirIndexes[i];
      // A file shared by several packages (rare, e.g. multilib) keeps its first owner.
      byDirectory
          .computeIfAbsent(dirNames.get((int) dir), d -> new HashMap<>())
          .putIfAbsent(baseNames.get(i), packageName);
    }
  }

  /**
   * The package owning {@code path} as the host sees it, the way {@code rpm -qf} answers: the path
   * as given, else matched by real directory, so that {@code /usr/bin/bash} (what {@code
   * /proc/PID/exe} shows) finds the package that lists {@code /bin/bash} when {@code /bin} links to
   * {@code usr/bin}, and the other way round. Directory links are resolved inside the host root.
   */
  public Optional<String> owner(HostRoot host, String path) throws IOException {
    Optional<String> exact = owner(path);
    int slash = path.lastIndexOf('/');
    if (exact.isPresent() || slash < 0) {
      return exact;
    }
    String base = path.substring(slash + 1);
    for (String dir :
        directoriesByRealPath(host)
            .getOrDefault(realDir(host, path.substring(0, slash + 1)), List.of())) {
      String owner = byDirectory.get(dir).get(base);
      if (owner != null) {
        return Optional.of(owner);
      }
    }
    return Optional.empty();
  }

  /** Built once per host, on the first miss: each real directory and the rpm directories in it. */
  private Map<String, List<String>> directoriesByRealPath(HostRoot host) throws IOException {
    if (realDirectories == null || !host.root().equals(realDirectoriesRoot)) {
      Map<String, List<String>> byReal = new HashMap<>();
      for (String dir : byDirectory.keySet()) {
        byReal.computeIfAbsent(realDir(host, dir), d -> new ArrayList<>()).add(dir);
      }
      realDirectories = byReal;
      realDirectoriesRoot = host.root();
    }
    return realDirectories;
  }

  private static String realDir(HostRoot host, String dir) throws IOException {
    String relative = host.root().relativize(host.resolve(dir)).toString();
    return relative.isEmpty() ? "/" : "/" + relative + "/";
  }

  /** The package owning {@code path} exactly as rpm lists it (e.g. {@code /usr/sbin/sshd}). */
  public Optional<String> owner(String path) {
    int slash = path.lastIndexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Map<String, String> files = byDirectory.get(path.substring(0, slash + 1));
    return files == null
        ? Optional.empty()
        : Optional.ofNullable(files.get(path.substring(slash + 1)));
  }

  public int size() {
    return byDirectory.values().stream().mapToInt(Map::size).sum();
  }
}
