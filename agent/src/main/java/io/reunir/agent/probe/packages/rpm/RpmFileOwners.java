package io.reunir.agent.probe.packages.rpm;

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

  /** The package owning {@code path} (an absolute host path such as {@code /usr/sbin/sshd}). */
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
