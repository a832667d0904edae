package io.reunir.agent.probe.services;

import io.reunir.agent.model.ServiceRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.host.PackageOwners;
import io.reunir.agent.probe.host.ProcFiles;
import io.reunir.agent.probe.host.ProcStat;
import io.reunir.agent.probe.host.ProgramOwners;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * systemd service units: enablement from unit files ({@link UnitFiles}), running state from the host's
 * cgroup tree ({@link CgroupUnits}), and for running units the main process, its executable and the
 * package that owns it — the link from "a vulnerable package is installed" to "it is running".
 *
 * <p>Each unit becomes one document (see {@code Documents.serviceDoc}): {@code service.name};
 * {@code service.state} ({@code running} when its cgroup holds a process, else {@code stopped}; absent
 * when the cgroup tree is unreadable); {@code reunir.service.sub_state} ({@code running}, or absent: a
 * unit without processes may be dead, exited or failed and the cgroup tree cannot tell which);
 * {@code reunir.service.enabled} (the unit file state, as {@code systemctl list-unit-files} names it);
 * {@code process.pid}; {@code process.executable}; {@code package.name} of the executable's owner.
 * A package owning a running service's executable gets {@code reunir.package.in_use: true}.
 *
 * <p>Main process rule: of the unit's processes, those whose parent is outside the unit's cgroup (the
 * ones systemd started), the lowest pid. The executable is the {@code proc/<pid>/exe} link read as a
 * host path; a program replaced on disk while running (kernel suffix {@code " (deleted)"}) keeps its
 * path, suffix cut, so it still finds its package, and {@code reunir.process.executable_deleted: true}
 * says the version running is older than the one installed. Owners are looked up only for processes in the
 * host's mount namespace (see {@link ProgramOwners}).
 *
 * <p>Without CAP_SYS_PTRACE (the pod's posture) other users' exe links are unreadable; then the program
 * is the one the unit's {@code ExecStart=} names ({@link ExecStart}), if it exists in the host root, and
 * its owner is looked up among the host's packages directly (systemd starts it from the host's files).
 * {@code reunir.service.executable_source} says which: {@code proc} or {@code unit}; a program from the
 * unit cannot tell whether it was replaced on disk, so {@code executable_deleted} is then absent.
 *
 * <p>A host without systemd unit folders (Alpine, distroless) has no services and no error. A cgroup
 * tree that cannot be read leaves running state unknown, with an error saying so.
 */
public final class ServicesProbe implements Probe {
  public static final String NAME = "services";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> kinds() {
    return List.of(NAME);
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) throws IOException {
    UnitFiles units = UnitFiles.scan(host);
    Optional<CgroupUnits.View> cgroups = Optional.empty();
    String cgroupError = null;
    try {
      cgroups = CgroupUnits.read(host);
      if (cgroups.isEmpty()) {
        cgroupError = "no cgroup hierarchy at /sys/fs/cgroup (neither v2 nor v1 name=systemd)";
      }
    } catch (IOException e) {
      cgroupError = "cgroup tree unreadable at " + e.getMessage();
    }
    Map<String, TreeSet<Long>> running = cgroups.map(CgroupUnits.View::pids).orElse(Map.of());
    if (!units.hasSystemd() && running.isEmpty()) {
      snapshot.complete(NAME); // a host without systemd really has no units
      return;
    }
    if (cgroupError != null) {
      snapshot.error(NAME, Bounded.text(cgroupError + ": running state of services unknown"));
    }
    ProcFiles proc = new ProcFiles(host);
    PackageOwners hostOwners = PackageOwners.forHost(host);
    ProgramOwners programs = new ProgramOwners(proc, hostOwners);
    List<ServiceRecord> records = new ArrayList<>();
    int denied = 0;
    for (var unit : units.states(running.keySet()).entrySet()) {
      String name = unit.getKey();
      TreeSet<Long> pids = running.get(name);
      if (pids == null) {
        String state = cgroups.isPresent() ? "stopped" : null;
        records.add(
            new ServiceRecord(Bounded.text(name), state, null, unit.getValue(), null, null, null, null, null));
        continue;
      }
      Long pid = mainPid(proc, pids);
      Optional<ProcFiles.Executable> executable = Optional.empty();
      String source = null;
      String pkg = null;
      if (pid != null) {
        boolean exeDenied = false;
        try {
          executable = proc.executable(pid);
          source = executable.isPresent() ? "proc" : null;
          pkg = programs.owner(pid, executable.map(ProcFiles.Executable::path).orElse(null))
              .orElse(null);
        } catch (AccessDeniedException e) {
          exeDenied = true;
        }
        if (executable.isEmpty()) {
          // Unreadable exe (no CAP_SYS_PTRACE): the unit's ExecStart= names a host program, so its
          // owner is looked up among the host's packages without the mount-namespace check.
          executable = ExecStart.program(host, units, name)
              .map(path -> new ProcFiles.Executable(Bounded.text(path), false));
          if (executable.isPresent()) {
            source = "unit";
            pkg = hostOwners.owner(executable.get().path()).orElse(null);
          } else if (exeDenied) {
            denied++;
          }
        }
      }
      records.add(new ServiceRecord(Bounded.text(name), "running", "running", unit.getValue(), pid,
          executable.map(ProcFiles.Executable::path).orElse(null), pkg,
          "proc".equals(source) ? executable.get().deleted() : null, source));
    }
    for (String problem : units.problems()) {
      snapshot.error(NAME, Bounded.text(problem));
    }
    if (denied > 0) {
      snapshot.error(NAME, "executable of " + denied + " running services unreadable (permission"
          + " denied on /proc/PID/exe; the agent needs CAP_SYS_PTRACE for other users' processes)");
    }
    programs.problem().ifPresent(problem -> snapshot.error(NAME, problem));
    snapshot.addServices(records);
    // Every unit folder was listed (a folder that cannot be listed throws): the list is whole, even
    // where one unit's enabled state could not be read.
    snapshot.complete(NAME);
    if (cgroups.isPresent() && denied == 0 && programs.problem().isEmpty()) {
      snapshot.runningProgramsKnown();
    }
  }

  /**
   * The lowest pid whose parent is outside the unit's cgroup; null when none of its processes could be
   * read (they may all have exited since the cgroup was listed).
   */
  static Long mainPid(ProcFiles proc, TreeSet<Long> pids) {
    for (long pid : pids) {
      try {
        Optional<ProcStat> stat = proc.stat(pid);
        if (stat.isPresent() && !pids.contains(stat.get().ppid())) {
          return pid;
        }
      } catch (IOException | IllegalArgumentException e) {
        // Gone or garbled: the next candidate decides.
      }
    }
    return null;
  }
}
