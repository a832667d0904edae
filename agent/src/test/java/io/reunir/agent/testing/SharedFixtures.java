package io.reunir.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real-world fixtures that live outside the repository, in {@code ../shared/fixtures} beside the
 * checkout (never copied in). A test that needs one is skipped, saying why, where the folder is absent.
 */
public final class SharedFixtures {
  private SharedFixtures() {}

  /** {@code relative} under the shared fixtures folder; tests run in the module folder, {@code agent/}. */
  public static Path dir(String relative) {
    Path path = Path.of("../../shared/fixtures").resolve(relative).toAbsolutePath().normalize();
    Assumptions.assumeTrue(Files.exists(path), "../shared/fixtures not found: " + path);
    return path;
  }
}
