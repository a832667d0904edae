package io.reunir.agent.probe.host;

import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Host path to owning package, as a package manager's file lists name them, asked the way a running
 * program is seen. A path is found under the name the package shipped it as, under the name with its
 * directory's symbolic links resolved on the host ({@code /lib -> usr/lib} and friends), and under its
 * merged-/usr twin ({@code /bin/x} and {@code /usr/bin/x}), because the kernel reports the real path of
 * a running program while packages built before the /usr merge list the old one. The twin is tried even
 * when the host's {@code /bin} link is not mounted into the agent's pod.
 */
final class FileIndex {
  private static final List<String> MERGED_DIRS =
      List.of("/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/");

  private final HostRoot host;
  private final Map<String, String> owners = new HashMap<>();
  private final Map<String, String> realDirs = new HashMap<>();

  FileIndex(HostRoot host) {
    this.host = host;
  }

  /** Records {@code pkg} as the owner of {@code path}, unless an earlier package owns it. */
  void add(String path, String pkg) {
    owners.putIfAbsent(path, pkg);
    owners.putIfAbsent(realPath(path), pkg);
  }

  Optional<String> owner(String path) {
    List<String> candidates = new ArrayList<>(List.of(path, realPath(path)));
    for (String p : List.copyOf(candidates)) {
      mergedUsrTwin(p).ifPresent(candidates::add);
    }
    return candidates.stream().map(owners::get).filter(o -> o != null).findFirst();
  }

  int size() {
    return owners.size();
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
