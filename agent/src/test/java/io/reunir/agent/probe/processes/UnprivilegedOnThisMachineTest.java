package io.reunir.agent.probe.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reunir.agent.probe.host.ProcFiles;
import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * On this machine pid 1 belongs to another user and its exe link is closed to the tests, as it is to
 * the agent in a pod: the world-readable fallbacks must still name its program and place it.
 */
class UnprivilegedOnThisMachineTest {
  @Test
  void pidOneIsNamedFromCmdlineWhenItsExeIsClosed() throws IOException {
    ProcFiles proc = new ProcFiles(new HostRoot(Path.of("/")));
    boolean closed;
    try {
      proc.executable(1);
      closed = false;
    } catch (AccessDeniedException e) {
      closed = true;
    }
    assumeTrue(closed, "pid 1's exe link is readable here: nothing unprivileged to check");
    String argv0 = new String(Files.readAllBytes(Path.of("/proc/1/cmdline"))).split("\0")[0];

    if (argv0.startsWith("/") && Files.isRegularFile(Path.of(argv0))) {
      assertThat(proc.cmdlineProgram(1)).contains(argv0);
    } else {
      assertThat(proc.cmdlineProgram(1)).isEmpty();
    }
    assertThat(proc.inContainer(1)).isPresent();
  }
}
