package io.reunir.agent.probe.host;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The package that owns a running process's program, asked only when the process shares the host's
 * mount namespace (that of pid 1): inside a container, {@code /usr/sbin/nginx} is the image's file,
 * and crediting the host's nginx package with it would be a false "in use". When either namespace is
 * unreadable the answer is "unknown" (empty), never a guess. Answers are memoized per path.
 */
public final class ProgramOwners {
  private final ProcFiles proc;
  private final PackageOwners owners;
  private final Map<String, Optional<String>> byPath = new HashMap<>();
  private Optional<String> hostNamespace;
  private int unknownNamespace;

  public ProgramOwners(ProcFiles proc, PackageOwners owners) {
    this.proc = proc;
    this.owners = owners;
  }

  public Optional<String> owner(long pid, String executable) throws IOException {
    if (executable == null || !hostProcess(pid)) {
      return Optional.empty();
    }
    return owner(executable);
  }

  /** The owner of a host path, memoized; ask only for paths of a {@link #hostProcess}. */
  public Optional<String> owner(String hostPath) {
    return byPath.computeIfAbsent(hostPath, owners::owner);
  }

  /**
   * Whether the process shares the host's mount namespace, so the paths it names are host paths.
   * False when it is in another one or when that cannot be told (then counted in {@link #problem}).
   */
  public boolean hostProcess(long pid) throws IOException {
    if (hostNamespace().isPresent()) {
      return hostNamespace().equals(proc.mountNamespace(pid));
    }
    // Unprivileged: the world-readable cgroup path tells a container's process from the host's.
    Optional<Boolean> container = proc.inContainer(pid);
    if (container.isEmpty()) {
      unknownNamespace++;
      return false;
    }
    return !container.get();
  }

  private Optional<String> hostNamespace() throws IOException {
    if (hostNamespace == null) {
      hostNamespace = proc.mountNamespace(1);
    }
    return hostNamespace;
  }

  /**
   * The problem that kept owners from being looked up, if any: the host's mount namespace could not be
   * read, so no process could be placed in it.
   */
  public Optional<String> problem() {
    if (unknownNamespace == 0) {
      return Optional.empty();
    }
    return Optional.of("owning packages of " + unknownNamespace + " executables not looked up: the host's"
        + " mount namespace (/proc/1/ns/mnt) and their proc/PID/cgroup are unreadable, so a container's"
        + " programs could not be told from the host's");
  }
}
