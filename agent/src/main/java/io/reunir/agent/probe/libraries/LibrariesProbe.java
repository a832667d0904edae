package io.reunir.agent.probe.libraries;

import io.reunir.agent.model.LibraryUse;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.host.PackageOwners;
import io.reunir.agent.probe.host.ProcFiles;
import io.reunir.agent.probe.host.ProcStat;
import io.reunir.agent.probe.host.ProgramOwners;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Opt-in: the packages whose files the host's processes map, from every {@code proc/PID/maps}. A
 * package owning a mapped shared library (or executable) gets {@code reunir.package.in_use: true}; one
 * whose file is mapped with the kernel's {@code " (deleted)"} mark (replaced by an upgrade, or removed,
 * while the process kept running) gets {@code reunir.package.deleted_in_use: true}: the fix is
 * installed but the old code still runs until that process restarts, and
 * {@code reunir.package.deleted_in_use_by} names those programs (the comm of {@code stat}).
 *
 * <p>Only host processes count, decided as for executables ({@link ProgramOwners#hostProcess}): a
 * container maps its image's files under the same names, and crediting the host's libssl3 with them
 * would be a false "in use". Kernel threads map nothing and are skipped.
 *
 * <p>Reading another user's maps needs CAP_SYS_PTRACE (proc(5): ptrace access mode
 * PTRACE_MODE_READ_FSCREDS). Maps that cannot be read are counted in one error, and then no package
 * is said to be out of use (in_use stays unknown), since the unread process may map it. The maps file
 * is read to its end (no size cap): a truncated read would be a silent absence.
 */
public final class LibrariesProbe implements Probe {
  public static final String NAME = "libraries";
  static final int MAX_PROGRAMS = 16;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) throws IOException {
    ProcFiles proc = new ProcFiles(host);
    if (!Files.isDirectory(proc.procDir())) {
      snapshot.error(NAME, "no /proc under the host root " + host + ": mapped libraries unknown");
      snapshot.libraryUse(new LibraryUse(Set.of(), Map.of(), false));
      return;
    }
    ProgramOwners programs = new ProgramOwners(proc, PackageOwners.forHost(host));
    Set<String> mapped = new HashSet<>();
    Map<String, SortedSet<String>> deletedBy = new HashMap<>();
    int denied = 0;
    List<String> unreadable = new ArrayList<>();
    for (long pid : proc.pids()) {
      try {
        Optional<ProcStat> stat = proc.stat(pid);
        if (stat.isEmpty() || stat.get().kernelThread() || !programs.hostProcess(pid)) {
          continue;
        }
        Optional<ProcMaps> maps = maps(proc, pid);
        if (maps.isEmpty()) {
          continue;
        }
        for (Map.Entry<String, Boolean> file : maps.get().files().entrySet()) {
          Optional<String> pkg = programs.owner(file.getKey());
          if (pkg.isPresent()) {
            mapped.add(pkg.get());
            if (file.getValue()) {
              deletedBy.computeIfAbsent(pkg.get(), k -> new TreeSet<>())
                  .add(Bounded.text(stat.get().comm(), 64));
            }
          }
        }
      } catch (AccessDeniedException e) {
        denied++;
      } catch (IllegalArgumentException | IOException e) {
        unreadable.add("pid " + pid + ": " + e.getMessage());
      }
    }
    if (denied > 0) {
      snapshot.error(NAME, "maps of " + denied + " processes unreadable (permission denied on"
          + " /proc/PID/maps; the agent needs root with CAP_SYS_PTRACE to read other users' processes):"
          + " packages they may map have in_use unknown");
    }
    if (!unreadable.isEmpty()) {
      snapshot.error(NAME, Bounded.text(unreadable.size() + " processes' maps unreadable (/proc/PID/maps,"
          + " proc(5) format), first: " + unreadable.get(0)));
    }
    programs.problem().ifPresent(problem -> snapshot.error(NAME, problem));
    boolean whole = denied == 0 && unreadable.isEmpty() && programs.problem().isEmpty();
    snapshot.libraryUse(new LibraryUse(mapped, programs(deletedBy), whole));
    if (whole) {
      // Every host process's maps holds its executable too, so the running programs are known.
      snapshot.runningProgramsKnown();
    }
  }

  /**
   * Program names, not pids: a pid changes on every restart and would rewrite the document each
   * cycle, while the name says what to restart. At most {@value #MAX_PROGRAMS} per package.
   */
  private static Map<String, List<String>> programs(Map<String, SortedSet<String>> deletedBy) {
    Map<String, List<String>> result = new HashMap<>();
    deletedBy.forEach((pkg, names) -> result.put(pkg, names.stream().limit(MAX_PROGRAMS).toList()));
    return result;
  }

  /** Empty when the process exited before its maps were opened. */
  private static Optional<ProcMaps> maps(ProcFiles proc, long pid) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(
        proc.procDir().resolve(Long.toString(pid)).resolve("maps"), StandardCharsets.UTF_8)) {
      return Optional.of(ProcMaps.parse(in));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
