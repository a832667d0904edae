package io.reunir.agent.probe.services;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.NotRegularFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which service units have processes, from the host's cgroup tree: systemd puts each unit's processes
 * in a cgroup named after it, under slices ({@code system.slice/sshd.service},
 * {@code system.slice/system-getty.slice/getty@tty1.service}). Read from the unified hierarchy
 * (cgroup v2, {@code sys/fs/cgroup/cgroup.controllers} present) or systemd's own v1 hierarchy
 * ({@code sys/fs/cgroup/systemd/}, which hybrid hosts also have). Only {@code *.slice} folders are
 * descended, so user-session units inside {@code user@UID.service} are not taken for system units.
 */
final class CgroupUnits {
  private static final String CGROUP = "/sys/fs/cgroup";
  private static final int MAX_DEPTH = 32;

  /** The unit's pids (its own cgroup and every child cgroup), by unit name; units without pids absent. */
  record View(String hierarchy, Map<String, TreeSet<Long>> pids) {}

  private CgroupUnits() {}

  /**
   * The running units, or empty when the host shows no cgroup hierarchy systemd uses: then running
   * state is unknown, which the caller reports.
   */
  static Optional<View> read(HostRoot host) throws IOException {
    Path base = host.resolve(CGROUP);
    Path root;
    String hierarchy;
    if (Files.exists(base.resolve("cgroup.controllers"))) {
      root = base;
      hierarchy = "v2";
    } else if (Files.isDirectory(base.resolve("systemd"))) {
      root = base.resolve("systemd");
      hierarchy = "v1";
    } else if (Files.exists(base.resolve("unified").resolve("cgroup.controllers"))) {
      root = base.resolve("unified");
      hierarchy = "v2";
    } else {
      return Optional.empty();
    }
    Map<String, TreeSet<Long>> pids = new TreeMap<>();
    try {
      walkSlices(root, 0, pids);
    } catch (IOException e) {
      // The exception names the agent's path; the host's is what a person can look at.
      if (e instanceof FileSystemException fse && fse.getFile() != null) {
        String hostPath = "/" + host.root().relativize(Path.of(fse.getFile()));
        String reason = fse.getReason() == null ? "unreadable" : fse.getReason();
        throw new IOException(hostPath + ": " + reason, e);
      }
      throw new IOException(hierarchy + " hierarchy: " + e.getMessage(), e);
    }
    return Optional.of(new View(hierarchy, pids));
  }

  private static void walkSlices(Path dir, int depth, Map<String, TreeSet<Long>> out) throws IOException {
    if (depth > MAX_DEPTH) {
      return;
    }
    for (Path child : subdirs(dir)) {
      String name = child.getFileName().toString();
      if (name.endsWith(".slice")) {
        walkSlices(child, depth + 1, out);
      } else if (name.endsWith(".service")) {
        TreeSet<Long> pids = new TreeSet<>();
        collectPids(child, depth + 1, pids);
        if (!pids.isEmpty()) {
          out.computeIfAbsent(name, n -> new TreeSet<>()).addAll(pids);
        }
      }
    }
  }

  private static void collectPids(Path cgroup, int depth, TreeSet<Long> pids) throws IOException {
    if (depth > MAX_DEPTH) {
      return;
    }
    pids.addAll(procs(cgroup.resolve("cgroup.procs")));
    for (Path child : subdirs(cgroup)) {
      collectPids(child, depth + 1, pids);
    }
  }

  /** The pids in one {@code cgroup.procs}; a cgroup removed while being read has none. */
  static List<Long> procs(Path file) throws IOException {
    List<Long> pids = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        HostRoot.openChecked(file), StandardCharsets.ISO_8859_1))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String value = line.strip();
        if (!value.isEmpty() && value.length() < 19 && value.chars().allMatch(Character::isDigit)) {
          pids.add(Long.parseLong(value));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (NotRegularFileException e) {
      throw new FileSystemException(file.toString(), null, "is a " + e.kind() + ", not a regular file");
    } catch (IOException e) {
      throw new FileSystemException(file.toString(), null, e.getMessage());
    }
    return pids;
  }

  private static List<Path> subdirs(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }
}
