package io.reunir.agent.probe.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.ServiceRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.testing.HostTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServicesProbeTest {
  @TempDir Path dir;

  static Snapshot collect(Path root) {
    return new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(root), List.of(new ServicesProbe()), "node-a");
  }

  /** One line per service in the layout of {@code hosts/<name>.expected-services.tsv}. */
  static String tsv(List<ServiceRecord> services) {
    return services.stream().map(s -> String.join("\t", dash(s.name()), dash(s.state()),
            dash(s.subState()), dash(s.enabled()), dash(s.pid()), dash(s.executable()),
            dash(s.packageName())))
        .collect(Collectors.joining("\n"));
  }

  private static String dash(Object value) {
    return value == null ? "-" : value.toString();
  }

  static String expected(String name) throws IOException {
    return Files.readAllLines(HostTrees.HOSTS.resolve(name + ".expected-services.tsv")).stream()
        .filter(l -> !l.startsWith("#") && !l.isBlank()).collect(Collectors.joining("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cgroupv2", "cgroupv1"})
  void fixtureHostYieldsItsExpectedServices(String fixture) throws IOException {
    Snapshot snapshot = collect(HostTrees.materialize(fixture, dir));

    assertThat(snapshot.errors()).isEmpty();
    assertThat(tsv(snapshot.services())).isEqualTo(expected(fixture));
    assertThat(snapshot.runningProgramsKnown()).isTrue();
    assertThat(snapshot.services()).filteredOn(s -> "running".equals(s.state()))
        .allSatisfy(s -> assertThat(s.executableDeleted())
            .as(s.name()).isEqualTo(s.name().equals("dbus.service")));
  }

  @Test
  void hostWithoutSystemdHasNoServicesAndNoError() throws IOException {
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/os-release"), "ID=alpine\n");

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.services()).isEmpty();
    assertThat(snapshot.errors()).isEmpty();
  }

  @Test
  void missingCgroupTreeLeavesRunningStateUnknownAndSaysSo() throws IOException {
    unit("lib/systemd/system/cron.service", "[Service]\nExecStart=/usr/sbin/cron\n");

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.services()).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("cron.service");
      assertThat(s.enabled()).isEqualTo("static");
      assertThat(s.state()).isNull();
    });
    assertThat(snapshot.errors()).singleElement()
        .satisfies(e -> assertThat(e.error()).contains("/sys/fs/cgroup").contains("running state"));
    assertThat(snapshot.runningProgramsKnown()).isFalse();
  }

  @Test
  void unreadableCgroupTreeIsAnErrorNotAnException() throws IOException {
    unit("lib/systemd/system/cron.service", "[Service]\nExecStart=/usr/sbin/cron\n");
    Files.createDirectories(dir.resolve("sys/fs/cgroup/system.slice/cron.service/cgroup.procs"));
    Files.writeString(dir.resolve("sys/fs/cgroup/cgroup.controllers"), "cpu\n");

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.services()).extracting(ServiceRecord::state).containsOnlyNulls();
    assertThat(snapshot.errors()).singleElement()
        .satisfies(e -> assertThat(e.error()).isEqualTo("cgroup tree unreadable at "
            + "/sys/fs/cgroup/system.slice/cron.service/cgroup.procs:"
            + " is a directory, not a regular file: running state of services unknown"));
  }

  @Test
  void hostileUnitFilesAreReadWithoutFailing() throws IOException {
    unit("lib/systemd/system/crlf.service",
        "[Unit]\r\nDescription=x\r\n[Install]\r\nWantedBy=multi-user.target\r\n");
    unit("lib/systemd/system/nul.service", "[Unit]\0\n\0\0\n[Install]\nWantedBy=multi-user.target\0\n");
    // The read is cut at 1 MiB (systemd itself rejects lines over 1 MiB), so the [Install] behind a
    // 10 MB line is never seen and the unit counts as static.
    unit("lib/systemd/system/huge.service", "[Unit]\nDescription=" + "x".repeat(10 << 20)
        + "\n[Install]\nWantedBy=multi-user.target\n");
    unit("lib/systemd/system/empty.service", "");
    Files.createDirectories(dir.resolve("sys/fs/cgroup/system.slice"));
    Files.writeString(dir.resolve("sys/fs/cgroup/cgroup.controllers"), "cpu\n");

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(tsv(snapshot.services())).isEqualTo(String.join("\n",
        "crlf.service\tstopped\t-\tdisabled\t-\t-\t-",
        "empty.service\tstopped\t-\tmasked\t-\t-\t-",
        "huge.service\tstopped\t-\tstatic\t-\t-\t-",
        "nul.service\tstopped\t-\tdisabled\t-\t-\t-"));
  }

  @Test
  void aliasLoopIsReportedAndTheOtherUnitsStillReport() throws IOException {
    HostTrees.materialize("cgroupv1", dir);
    HostTrees.link(dir, "etc/systemd/system/loop-a.service", "/etc/systemd/system/loop-b.service");
    HostTrees.link(dir, "etc/systemd/system/loop-b.service", "loop-a.service");
    HostTrees.link(dir, "etc/systemd/system/multi-user.target.wants/loop-a.service",
        "/etc/systemd/system/loop-a.service");
    // A wants folder that links back to its parent must not be walked into.
    HostTrees.link(dir, "etc/systemd/system/multi-user.target.wants/sub.wants", "..");

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.errors()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.error()).contains("loop-").contains("loop"));
    assertThat(tsv(snapshot.services().stream()
        .filter(s -> !s.name().startsWith("loop-")).toList())).isEqualTo(expected("cgroupv1"));
  }

  @Test
  void pidsThatVanishedAreSkippedWhenChoosingTheMainProcess() throws IOException {
    HostTrees.materialize("cgroupv1", dir);
    // 700 is listed in the cgroup but has exited: no proc/700. 1450's parent 812 is also gone.
    Files.writeString(dir.resolve("sys/fs/cgroup/systemd/system.slice/ssh.service/cgroup.procs"),
        "700\n1450\n");
    Files.walk(dir.resolve("proc/812")).sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    unit("lib/systemd/system/gone.service", "[Service]\nExecStart=/bin/true\n");
    Files.createDirectories(dir.resolve("sys/fs/cgroup/systemd/system.slice/gone.service"));
    Files.writeString(dir.resolve("sys/fs/cgroup/systemd/system.slice/gone.service/cgroup.procs"), "9999\n");

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(tsv(snapshot.services())).isEqualTo(String.join("\n",
        "cron.service\tstopped\t-\tdisabled\t-\t-\t-",
        "gone.service\trunning\trunning\tstatic\t-\t-\t-",
        "ssh.service\trunning\trunning\tenabled\t1450\t/usr/sbin/sshd\topenssh-server"));
  }

  @Test
  void mergedUsrHostReadsLibOnceThroughItsLink() throws IOException {
    unit("usr/lib/systemd/system/cron.service",
        "[Service]\nExecStart=/usr/sbin/cron\n[Install]\nWantedBy=multi-user.target\n");
    HostTrees.link(dir, "lib", "usr/lib");
    HostTrees.link(dir, "etc/systemd/system/multi-user.target.wants/cron.service",
        "/lib/systemd/system/cron.service");
    Files.createDirectories(dir.resolve("sys/fs/cgroup/system.slice"));
    Files.writeString(dir.resolve("sys/fs/cgroup/cgroup.controllers"), "cpu\n");

    Snapshot snapshot = collect(dir);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(tsv(snapshot.services())).isEqualTo("cron.service\tstopped\t-\tenabled\t-\t-\t-");
  }

  private void unit(String path, String text) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
