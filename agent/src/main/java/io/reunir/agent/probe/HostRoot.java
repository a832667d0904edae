package io.reunir.agent.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The host's file system as the agent sees it: {@code /host} in the DaemonSet pod, {@code /} on a
 * workstation, a fixture tree in tests. Paths are host paths ({@code /etc/os-release}); symbolic
 * links are followed as the host would follow them, so an absolute link target stays inside the root
 * instead of escaping to the container's own files. Nothing here ever writes.
 */
public final class HostRoot {
  private static final int MAX_LINKS = 40;
  /** Host files are small text; anything larger is not what we expect and is cut. */
  public static final int MAX_TEXT_BYTES = 1 << 20;

  private final Path root;

  public HostRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * Where the host path lives under the root, every link resolved inside the root. The result may not
   * exist.
   */
  public Path resolve(String hostPath) throws IOException {
    Deque<String> pending = new ArrayDeque<>();
    push(pending, hostPath);
    Deque<String> resolved = new ArrayDeque<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String part = pending.pop();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        resolved.pollLast();
        continue;
      }
      Path candidate = toPath(resolved).resolve(part);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new IOException("Too many levels of symbolic links in " + hostPath);
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          resolved.clear();
        }
        push(pending, target);
      } else {
        resolved.addLast(part);
      }
    }
    return toPath(resolved);
  }

  /** Pushes the components of {@code path} so that the first is popped first. */
  private static void push(Deque<String> pending, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      pending.push(parts[i]);
    }
  }

  private Path toPath(Deque<String> parts) {
    Path p = root;
    for (String part : parts) {
      p = p.resolve(part);
    }
    return p;
  }

  public boolean exists(String hostPath) throws IOException {
    return Files.exists(resolve(hostPath), LinkOption.NOFOLLOW_LINKS);
  }

  /** The file's text (UTF-8, malformed bytes replaced), cut at {@link #MAX_TEXT_BYTES}. */
  public Optional<String> readText(String hostPath) throws IOException {
    Path file = resolve(hostPath);
    try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(new String(in.readNBytes(MAX_TEXT_BYTES), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** First line of a small file, trimmed; empty when the file is missing or blank. */
  public Optional<String> readFirstLine(String hostPath) throws IOException {
    return readText(hostPath)
        .map(text -> text.lines().findFirst().orElse("").strip())
        .filter(line -> !line.isEmpty());
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
