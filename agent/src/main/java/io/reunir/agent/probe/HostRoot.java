package io.reunir.agent.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The host's file system as the agent sees it: {@code /host} in the DaemonSet pod, {@code /} on a
 * workstation, a fixture tree in tests. Paths are host paths ({@code /etc/os-release}); symbolic
 * links are followed as the host would follow them, so an absolute link target stays inside the root
 * instead of escaping to the container's own files. Nothing here ever writes.
 *
 * <p>Every host file a probe reads is opened here, and only if it is a regular file: a FIFO, device
 * or socket at a path the agent reads is refused with a {@link NotRegularFileException} naming it,
 * because an open of a FIFO blocks until a writer comes and cannot be interrupted. {@code /proc} and
 * {@code /sys} files are regular files to the kernel and pass.
 */
public final class HostRoot {
  private static final int MAX_LINKS = 40;
  /** Host files are small text; anything larger is not what we expect and is cut. */
  public static final int MAX_TEXT_BYTES = 1 << 20;

  private final Path root;
  /** Answers several probes of one collection share; see {@link #shared}. */
  private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();

  public HostRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * The one {@code kind} of this host root, made on first use: a host root stands for one
   * collection, and several of its probes ask the same expensive question (which package owns a
   * file: every dpkg list read), so they share one answer instead of each reading it again.
   */
  public <T> T shared(Class<T> kind, Function<HostRoot, T> make) {
    return kind.cast(shared.computeIfAbsent(kind, k -> make.apply(this)));
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
    try (var in = open(hostPath)) {
      return Optional.of(new String(in.readNBytes(MAX_TEXT_BYTES), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The host file for reading; {@link NoSuchFileException} when it is missing. */
  public InputStream open(String hostPath) throws IOException {
    return open(resolve(hostPath));
  }

  /** A file already resolved under this root (a directory listing's entry), for reading. */
  public InputStream open(Path resolved) throws IOException {
    checkRegular(resolved, hostPath(resolved));
    return Files.newInputStream(resolved, LinkOption.NOFOLLOW_LINKS);
  }

  /** A file already resolved by a reader that has no root at hand, named as it is. */
  public static InputStream openChecked(Path resolved) throws IOException {
    checkRegular(resolved, resolved.toString());
    return Files.newInputStream(resolved, LinkOption.NOFOLLOW_LINKS);
  }

  /** A resolved file for reading at positions (a database's pages), named as it is. */
  public static FileChannel channelChecked(Path resolved) throws IOException {
    checkRegular(resolved, resolved.toString());
    return FileChannel.open(resolved, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  /** Refuses anything but a regular file before a reader opens it; the agent's own files too. */
  public static void checkRegular(Path file, String shown) throws IOException {
    var attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new NotRegularFileException(shown, kind(file, attributes));
    }
  }

  /** An agent-side file (a mounted Secret, whose files are links into {@code ..data}), for reading. */
  public static InputStream openRegular(Path file) throws IOException {
    Path real = file.toRealPath();
    checkRegular(real, file.toString());
    return Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS);
  }

  private static String kind(Path file, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "directory";
    }
    if (attributes.isSymbolicLink()) {
      return "symbolic link";
    }
    try {
      int type = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
      return switch (type) {
        case 0010000 -> "FIFO";
        case 0020000 -> "character device";
        case 0060000 -> "block device";
        case 0140000 -> "socket";
        default -> "special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "special file";
    }
  }

  /** The host path of a file under this root, as errors name it. */
  public String hostPath(Path resolved) {
    Path abs = resolved.toAbsolutePath().normalize();
    return abs.startsWith(root) ? "/" + root.relativize(abs) : abs.toString();
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
