package io.reunir.agent.probe.host;

import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reads one host process's files under {@code proc/<pid>/}. A process may exit between being listed
 * and being read: its files are then simply absent ({@link Optional#empty()}), never an error.
 */
public final class ProcFiles {
  /** What the kernel appends to the exe link of a program whose file was replaced or removed. */
  public static final String DELETED_SUFFIX = " (deleted)";
  private static final List<String> CONTAINER_PREFIXES =
      List.of("kubepods", "docker", "cri-containerd", "containerd", "crio", "libpod");

  private final HostRoot host;

  public ProcFiles(HostRoot host) {
    this.host = host;
  }

  /** The pids under the host's {@code proc}, ascending; empty when there is no proc. */
  public List<Long> pids() throws IOException {
    Path proc = procDir();
    if (!Files.isDirectory(proc)) {
      return List.of();
    }
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> entries = Files.list(proc)) {
      entries.map(p -> p.getFileName().toString())
          .filter(n -> !n.isEmpty() && n.length() < 19 && n.chars().allMatch(Character::isDigit))
          .forEach(n -> pids.add(Long.parseLong(n)));
    }
    pids.sort(null);
    return pids;
  }

  public Path procDir() throws IOException {
    return host.resolve("/proc");
  }

  public Optional<ProcStat> stat(long pid) throws IOException {
    Optional<String> text = read(pid, "stat");
    return text.map(t -> ProcStat.parse(t.strip()));
  }

  /** The real uid: the first number of the {@code Uid:} line of {@code status}. */
  public OptionalLong uid(long pid) throws IOException {
    Optional<String> status = read(pid, "status");
    if (status.isEmpty()) {
      return OptionalLong.empty();
    }
    for (String line : status.get().split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] ids = line.substring(4).strip().split("\\s+");
        try {
          return OptionalLong.of(Long.parseLong(ids[0]));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  /**
   * The executable as the host names it. The {@code exe} link is read as text, never followed: its
   * target is a host path, and following it in the agent's own file system would land in the wrong
   * tree. A {@code " (deleted)"} suffix (the program was upgraded or removed while running) is cut so the
   * path still finds its package; {@link Executable#deleted()} keeps that fact.
   *
   * @throws AccessDeniedException when the agent may not read the link (another user's process
   *     without CAP_SYS_PTRACE)
   */
  public Optional<Executable> executable(long pid) throws IOException {
    Path link = procDir().resolve(Long.toString(pid)).resolve("exe");
    String target;
    try {
      target = Files.readSymbolicLink(link).toString();
    } catch (NoSuchFileException | NotLinkException e) {
      return Optional.empty();
    }
    boolean deleted = target.endsWith(DELETED_SUFFIX);
    if (deleted) {
      target = target.substring(0, target.length() - DELETED_SUFFIX.length());
    }
    return target.isEmpty() ? Optional.empty() : Optional.of(new Executable(Bounded.text(target), deleted));
  }

  /**
   * The text of the {@code ns/mnt} link ({@code mnt:[4026531841]}), empty when unreadable. A process in
   * another mount namespace (a container) names its executable inside its own root, so that path says
   * nothing about the host's packages.
   */
  public Optional<String> mountNamespace(long pid) throws IOException {
    Path link = procDir().resolve(Long.toString(pid)).resolve("ns").resolve("mnt");
    try {
      return Optional.of(Files.readSymbolicLink(link).toString());
    } catch (NoSuchFileException | NotLinkException | AccessDeniedException e) {
      return Optional.empty();
    }
  }

  /**
   * argv[0] of {@code cmdline} when it is an absolute path that exists in the host root: the fallback
   * for an unreadable {@code exe} link ({@code cmdline} is world-readable). A program may rewrite its
   * argv, hence the existence check.
   */
  public Optional<String> cmdlineProgram(long pid) throws IOException {
    Optional<String> text = read(pid, "cmdline");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    int end = text.get().indexOf('\0');
    String first = end < 0 ? text.get() : text.get().substring(0, end);
    if (!first.startsWith("/") || !Files.isRegularFile(host.resolve(first))) {
      return Optional.empty();
    }
    return Optional.of(Bounded.text(first));
  }

  /**
   * Whether the process runs in a container, from {@code cgroup} (world-readable, unlike
   * {@code ns/mnt}); empty when unreadable. Rule: a cgroup path segment that is not a systemd
   * {@code .service} and starts with {@code kubepods}, {@code docker}, {@code cri-containerd},
   * {@code containerd}, {@code crio} or {@code libpod} marks a container (so the host's
   * {@code containerd.service} itself is not one).
   */
  public Optional<Boolean> inContainer(long pid) throws IOException {
    Optional<String> text = read(pid, "cgroup");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (String line : text.get().split("\n")) {
      int colon = line.indexOf(':', line.indexOf(':') + 1);
      if (colon < 0) {
        continue;
      }
      for (String segment : line.substring(colon + 1).split("/")) {
        if (!segment.endsWith(".service") && CONTAINER_PREFIXES.stream().anyMatch(segment::startsWith)) {
          return Optional.of(true);
        }
      }
    }
    return Optional.of(false);
  }

  private Optional<String> read(long pid, String file) throws IOException {
    try {
      return host.readText("/proc/" + pid + "/" + file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** A process's executable path on the host, and whether the kernel marked it deleted. */
  public record Executable(String path, boolean deleted) {}
}
