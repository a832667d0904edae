package io.reunir.agent.probe.processes;

import io.reunir.agent.probe.host.ProgramOwners;
import io.reunir.agent.probe.host.ProcStat;
import io.reunir.agent.probe.host.ProcFiles;
import io.reunir.agent.model.ProcessRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.host.PackageOwners;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Opt-in: the host's processes, read from the host's {@code proc/<pid>/}. Kernel threads (PF_KTHREAD)
 * are left out: they have no program and no package.
 *
 * <p>Each process becomes one document (see {@code Documents.processDoc}) with {@code process.pid},
 * {@code process.name} (the comm field of {@code stat}), {@code process.executable} (the {@code exe}
 * link read as a host path, a {@code " (deleted)"} suffix cut and recorded as
 * {@code reunir.process.executable_deleted}), {@code user.id} (real uid from
 * {@code status}), {@code user.name} (that uid in the host's {@code etc/passwd}) and {@code package.name}
 * (the package owning the executable, for processes in the host's mount namespace). A package owning a
 * listed process's executable gets {@code reunir.package.in_use: true}.
 *
 * <p>Without CAP_SYS_PTRACE other users' {@code exe} links are unreadable; then {@code cmdline}'s
 * argv[0] is used if it is an absolute path existing in the host root, and
 * {@code reunir.process.executable_source} says which ({@code proc} or {@code cmdline}). Host versus
 * container is decided by the mount namespace when {@code /proc/1/ns/mnt} is readable, else by the
 * process's cgroup path ({@link ProcFiles#inContainer}).
 *
 * <p>A process that exits while being read is skipped. Executables of other users' processes need
 * CAP_SYS_PTRACE (or root) in the agent; without it they are left out and one error counts them.
 */
public final class ProcessesProbe implements Probe {
  public static final String NAME = "processes";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) throws IOException {
    ProcFiles proc = new ProcFiles(host);
    if (!Files.isDirectory(proc.procDir())) {
      snapshot.error(NAME, "no /proc under the host root " + host + ": processes unknown");
      return;
    }
    Passwd passwd = host.readText("/etc/passwd").map(Passwd::parse).orElse(Passwd.empty());
    ProgramOwners programs = new ProgramOwners(proc, PackageOwners.forHost(host));
    List<ProcessRecord> records = new ArrayList<>();
    int denied = 0;
    List<String> unreadable = new ArrayList<>();
    for (long pid : proc.pids()) {
      try {
        Optional<ProcStat> stat = proc.stat(pid);
        if (stat.isEmpty() || stat.get().kernelThread()) {
          continue;
        }
        Optional<ProcFiles.Executable> exe = Optional.empty();
        boolean exeDenied = false;
        try {
          exe = proc.executable(pid);
        } catch (AccessDeniedException e) {
          exeDenied = true;
        }
        String source = exe.isPresent() ? "proc" : null;
        if (exe.isEmpty()) {
          exe = proc.cmdlineProgram(pid).map(path -> new ProcFiles.Executable(path, false));
          source = exe.isPresent() ? "cmdline" : null;
          if (exe.isEmpty() && exeDenied) {
            denied++;
          }
        }
        String executable = exe.map(ProcFiles.Executable::path).orElse(null);
        OptionalLong uid = proc.uid(pid);
        Long uidValue = uid.isPresent() ? uid.getAsLong() : null;
        String user = uidValue == null ? null : passwd.name(uidValue).orElse(null);
        String pkg = programs.owner(pid, executable).orElse(null);
        records.add(new ProcessRecord(pid, Bounded.text(stat.get().comm(), 64), executable, uidValue,
            user == null ? null : Bounded.text(user), pkg,
            "proc".equals(source) ? exe.get().deleted() : null, source));
      } catch (IllegalArgumentException | IOException e) {
        unreadable.add("pid " + pid + ": " + e.getMessage());
      }
    }
    if (denied > 0) {
      snapshot.error(NAME, "executable of " + denied + " processes unreadable (permission denied on"
          + " /proc/PID/exe; the agent needs CAP_SYS_PTRACE to read other users' processes)");
    }
    if (!unreadable.isEmpty()) {
      snapshot.error(NAME, Bounded.text(unreadable.size() + " processes unreadable, first: "
          + unreadable.get(0)));
    }
    programs.problem().ifPresent(problem -> snapshot.error(NAME, problem));
    snapshot.addProcesses(records);
    if (denied == 0 && unreadable.isEmpty() && programs.problem().isEmpty()) {
      snapshot.runningProgramsKnown();
    }
  }
}
