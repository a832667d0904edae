package io.reunir.agent.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real files that are not ours to commit (other projects' published test data) live beside the
 * repository in {@code ../shared/fixtures} and are read there in place. A checkout without them
 * skips the tests that need them, saying which directory is missing, rather than failing on a
 * missing file or passing on nothing.
 */
public final class SharedFixtures {
  private SharedFixtures() {}

  /** {@code ../shared/fixtures/<relative>} from the repository root; skips the test when absent. */
  public static Path path(String relative) {
    Path fixtures = repositoryRoot().resolveSibling("shared").resolve("fixtures");
    assumeTrue(Files.isDirectory(fixtures), "../shared/fixtures not found: " + fixtures);
    Path file = fixtures.resolve(relative);
    assumeTrue(Files.exists(file), "../shared/fixtures not found: " + file + " is missing");
    return file;
  }

  /** Same as {@link #path}. */
  public static Path dir(String relative) {
    return path(relative);
  }

  /** A real rpm database directory ({@code cbl-mariner-2.0}, {@code rhel8-bdb}, ...). */
  public static Path rpmdb(String name) {
    return path("rpmdb/" + name);
  }

  /**
   * The topmost directory above the working directory that still has a {@code pom.xml}: tests run
   * in the module ({@code agent/}), the repository root holds the parent POM.
   */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    Path root = dir;
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml"))) {
        root = p;
      } else {
        break;
      }
    }
    return root;
  }
}
