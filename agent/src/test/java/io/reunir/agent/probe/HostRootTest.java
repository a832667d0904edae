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

  @Test
  @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void onlyRegularFilesAreOpenedAndTheErrorSaysWhatThePathIs() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    io.reunir.agent.testing.HostTrees.mkfifo(root.resolve("etc/os-release"));
    Path socket = root.resolve("etc/socket");
    try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      server.bind(java.net.UnixDomainSocketAddress.of(socket));
      var host = new HostRoot(root);

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> host.readText("/etc/os-release"))
          .isInstanceOf(NotRegularFileException.class)
          .hasMessage("/etc/os-release is a FIFO, not a regular file");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> host.open("/etc/socket"))
          .hasMessage("/etc/socket is a socket, not a regular file");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> host.readText("/etc"))
          .hasMessage("/etc is a directory, not a regular file");
    }
    var machine = new HostRoot(Path.of("/"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> machine.readText("/dev/zero"))
        .hasMessage("/dev/zero is a character device, not a regular file");
    // /proc files are regular files to the kernel: still read.
    assertThat(machine.readText("/proc/self/status")).get().asString().contains("Pid:");
    assertThat(new HostRoot(root).readText("/etc/missing")).isEmpty();
  }
}
