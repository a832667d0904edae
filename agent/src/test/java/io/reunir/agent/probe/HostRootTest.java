package io.reunir.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRootTest {
  @TempDir Path root;

  @Test
  void absoluteLinkStaysInsideTheRoot() throws IOException {
    Files.createDirectories(root.resolve("usr/lib"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("usr/lib/os-release"), "ID=inside\n");
    // On the host this link means /usr/lib/os-release; followed naively it would read the agent's own.
    Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("/usr/lib/os-release"));

    var host = new HostRoot(root);

    assertThat(host.resolve("/etc/os-release")).isEqualTo(root.resolve("usr/lib/os-release"));
    assertThat(host.readText("/etc/os-release")).contains("ID=inside\n");
  }

  @Test
  void relativeLinksAndDotDotCannotClimbAboveTheRoot() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/escape"), Path.of("../../../../../etc/passwd"));

    assertThat(new HostRoot(root).resolve("/etc/escape")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(new HostRoot(root).readText("/etc/escape")).isEmpty();
  }

  @Test
  void linkLoopsAreAnError() throws IOException {
    Files.createSymbolicLink(root.resolve("a"), Path.of("/b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));

    assertThatThrownBy(() -> new HostRoot(root).resolve("/a"))
        .isInstanceOf(IOException.class).hasMessageContaining("symbolic links");
  }
}
