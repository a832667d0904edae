package io.reunir.agent.probe.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.ProcessRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.testing.HostTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesProbeTest {
  @TempDir Path dir;

  private static Snapshot collect(Path root) {
    return new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(root), List.of(new ProcessesProbe()), "node-a");
  }

  @Test
  void listsTheFixtureHostsProcesses() throws Exception {
    Snapshot snapshot = collect(HostTrees.materialize("cgroupv2", dir));

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.runningProgramsKnown()).isTrue();
    assertThat(snapshot.processes()).extracting(ProcessRecord::pid)
        .as("kernel thread 2 left out").containsExactly(1L, 301L, 500L, 640L, 700L, 812L, 900L, 1450L,
            2000L, 3000L, 3100L);
    assertThat(snapshot.processes()).contains(
        new ProcessRecord(3100, "a) b (c", "/usr/bin/python3.11", 1000L, "alice", "python3.11-minimal",
            false, "proc"),
        new ProcessRecord(1450, "sshd", "/usr/sbin/sshd", 104L, "sshd", "openssh-server", false, "proc"),
        new ProcessRecord(500, "dbus-daemon", "/usr/bin/dbus-daemon", 100L, "messagebus", "dbus-daemon",
            true, "proc"),
        new ProcessRecord(1, "systemd", "/usr/lib/systemd/systemd", 0L, "root", "systemd", false, "proc"),
        // In a container's mount namespace: the host's nginx package is not what runs.
        new ProcessRecord(2000, "nginx", "/usr/sbin/nginx", 101L, null, null, false, "proc"));
  }

  @Test
  void processThatVanishedIsSkippedQuietly() throws Exception {
    HostTrees.materialize("cgroupv1", dir);
    Files.createDirectories(dir.resolve("proc/4242"));

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.processes()).extracting(ProcessRecord::pid).containsExactly(1L, 640L, 812L, 1450L);
  }

  @Test
  void garbledStatIsCountedInOneErrorAndTheRestStillReport() throws Exception {
    HostTrees.materialize("cgroupv1", dir);
    Files.writeString(dir.resolve("proc/640/stat"), "640 cron without parentheses\n");

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.errors()).singleElement()
        .satisfies(e -> assertThat(e.error()).startsWith("1 processes unreadable, first: pid 640:"));
    assertThat(snapshot.processes()).extracting(ProcessRecord::pid).containsExactly(1L, 812L, 1450L);
    assertThat(snapshot.runningProgramsKnown()).isFalse();
  }

  @Test
  void unknownHostNamespaceMeansNoOwnersAndSaysSo() throws Exception {
    HostTrees.materialize("cgroupv1", dir);
    Files.delete(dir.resolve("proc/1/ns/mnt"));

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.processes()).extracting(ProcessRecord::packageName).containsOnlyNulls();
    assertThat(snapshot.errors()).singleElement()
        .satisfies(e -> assertThat(e.error()).contains("/proc/1/ns/mnt"));
    assertThat(snapshot.runningProgramsKnown()).isFalse();
  }

  @Test
  void noProcIsAnError() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("etc")); // a host root, but without /proc
    Snapshot snapshot = collect(dir);

    assertThat(snapshot.processes()).isEmpty();
    assertThat(snapshot.errors()).singleElement()
        .satisfies(e -> assertThat(e.error()).contains("no /proc"));
  }

  @Test
  void findsThisJvmOnTheRealHost() {
    Snapshot snapshot = collect(Path.of("/"));
    ProcessHandle self = ProcessHandle.current();

    assertThat(snapshot.processes()).filteredOn(p -> p.pid() == self.pid()).singleElement()
        .satisfies(p -> {
          assertThat(p.name()).isEqualTo("java");
          assertThat(p.executable()).isEqualTo(self.info().command().orElseThrow());
          assertThat(p.user()).isEqualTo(System.getProperty("user.name"));
        });
  }
}
