package io.reunir.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Fixture host trees that need symbolic links ({@code proc/<pid>/exe}, unit links, masks to
 * {@code /dev/null}). The files live under {@code src/test/resources/hosts/<name>/}; the links are
 * listed in {@code hosts/<name>.links} (path, tab, target) and made here in a copy, because a
 * repository checkout and Maven's resource copying handle dangling absolute links badly.
 */
public final class HostTrees {
  public static final Path HOSTS = Path.of("src/test/resources/hosts");

  private HostTrees() {}

  /** Copies fixture {@code name} into {@code dir} and creates its links; returns {@code dir}. */
  public static Path materialize(String name, Path dir) throws IOException {
    Path source = HOSTS.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = dir.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(file, target);
        }
      }
    }
    Path links = HOSTS.resolve(name + ".links");
    if (Files.exists(links)) {
      for (String line : Files.readAllLines(links)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t", 2);
        link(dir, parts[0], parts[1]);
      }
    }
    return dir;
  }

  /** Makes {@code path} (relative to the tree) a symbolic link whose target text is {@code target}. */
  public static void link(Path tree, String path, String target) throws IOException {
    Path at = tree.resolve(path);
    Files.createDirectories(at.getParent());
    Files.createSymbolicLink(at, Path.of(target));
  }

  /** A FIFO at {@code path} (replacing a file there), made by the real {@code mkfifo}. */
  public static void mkfifo(Path path) throws IOException, InterruptedException {
    Files.deleteIfExists(path);
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("mkfifo " + path + " failed");
    }
  }
}
