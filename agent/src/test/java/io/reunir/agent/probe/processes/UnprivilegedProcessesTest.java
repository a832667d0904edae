package io.reunir.agent.probe.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.probe.host.ProcFiles;
import io.reunir.agent.model.ProcessRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.testing.HostTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent without CAP_SYS_PTRACE: exe links and /proc/1/ns/mnt unreadable (in a fixture: missing).
 * The program comes from cmdline, host versus container from the cgroup path.
 */
class UnprivilegedProcessesTest {
  @TempDir Path dir;

  @BeforeEach
  void unprivilegedView() throws IOException {
    HostTrees.materialize("cgroupv2", dir);
    Files.delete(dir.resolve("proc/1/ns/mnt"));
    Files.createDirectories(dir.resolve("usr/sbin"));
    process(1450, "/usr/sbin/sshd\0-D\0", "0::/system.slice/ssh.service\n");
    process(2000, "/usr/sbin/nginx\0-g\0daemon off;\0", "0::/kubepods.slice/kubepods-besteffort.slice/"
        + "kubepods-besteffort-pod1.slice/cri-containerd-0123abcd.scope\n");
  }

  private void process(long pid, String cmdline, String cgroup) throws IOException {
    Path proc = dir.resolve("proc/" + pid);
    Files.delete(proc.resolve("exe"));
    Files.writeString(proc.resolve("cmdline"), cmdline);
    Files.writeString(proc.resolve("cgroup"), cgroup);
    String program = cmdline.substring(0, cmdline.indexOf('\0'));
    Files.writeString(dir.resolve(program.substring(1)), "ELF");
  }

  private ProcessRecord process(Snapshot snapshot, long pid) {
    return snapshot.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
  }

  @Test
  void hostProcessTakesArgvZeroAndItsPackage() {
    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(dir), List.of(new ProcessesProbe()), "node-a");

    ProcessRecord sshd = process(snapshot, 1450);
    assertThat(sshd.executable()).isEqualTo("/usr/sbin/sshd");
    assertThat(sshd.executableSource()).isEqualTo("cmdline");
    assertThat(sshd.packageName()).isEqualTo("openssh-server");
  }

  @Test
  void containerProcessByCgroupGetsNoHostPackage() {
    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(dir), List.of(new ProcessesProbe()), "node-a");

    ProcessRecord nginx = process(snapshot, 2000);
    assertThat(nginx.executable()).isEqualTo("/usr/sbin/nginx");
    assertThat(nginx.executableSource()).isEqualTo("cmdline");
    assertThat(nginx.packageName()).isNull();
  }

  @Test
  void cgroupRuleTellsContainersFromHostDaemons() throws IOException {
    ProcFiles proc = new ProcFiles(new HostRoot(dir));
    Files.writeString(dir.resolve("proc/900/cgroup"), "0::/system.slice/containerd.service\n");
    Files.writeString(dir.resolve("proc/700/cgroup"),
        "12:pids:/docker/4f1c\n1:name=systemd:/docker/4f1c\n");

    assertThat(proc.inContainer(900)).contains(false);
    assertThat(proc.inContainer(700)).contains(true);
    assertThat(proc.inContainer(2000)).contains(true);
    assertThat(proc.inContainer(640)).isEmpty();
  }
}
