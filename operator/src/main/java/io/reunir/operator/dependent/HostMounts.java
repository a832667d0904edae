package io.reunir.operator.dependent;

import io.reunir.contract.config.AgentConfig;
import io.reunir.contract.probe.ProbeCatalogue;
import io.reunir.contract.probe.ProbeEntry;
import io.reunir.operator.api.ProbeName;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The host paths the enabled probes read, mounted read-only under {@code /host}. Which probe reads
 * which path is its {@link ProbeCatalogue} entry, next to the probe names; what kind of mount a path
 * gets is decided here. A probe that reads nothing from the host (kubernetes asks the API server)
 * mounts nothing, and /proc is mounted only for probes that read it.
 *
 * <p>Two kinds of mount, chosen per path. Directories that exist on every Linux node ({@code /etc},
 * {@code /proc}, {@code /sys}, {@code /usr}, {@code /lib}: {@code onEveryNode} in the catalogue) use
 * type {@code Directory}: the kubelet checks them and never creates anything. Package databases
 * exist only on nodes of their family (no rpm database on Debian), and {@code /run/systemd} only on
 * systemd hosts, so they use the empty type, which skips the check and lets the pod start on every
 * node (the container runtime may leave an empty directory where the path was missing). Their
 * parent, {@code /var/lib}, is deliberately not mounted instead: it holds the kubelet's directory
 * with other pods' secret volumes. {@code DirectoryOrCreate} is never used.
 *
 * <p>The files probe mounts each named file by itself, type {@code File}: the kubelet checks that a
 * regular file is there and creates nothing, so a policy can never mount a tree (a directory named
 * in {@code spec.files} fails the check), and an unchecked mount of a missing path cannot leave a
 * directory behind on the host. The price: on a node where a named file is missing the agent pod
 * does not start (FailedMount). A file already inside a probe's directory mount is read through it
 * and gets no mount of its own (a mount point inside a read-only host mount could not be created).
 *
 * <p>The containers probe's runtime state directories are mounted with {@code HostToContainer}
 * propagation (rslave) where the catalogue says file systems appear below them after the agent
 * starts: a container root mounted at container start is otherwise invisible to an agent started
 * before it. Kubernetes refuses {@code recursiveReadOnly} together with propagation, so those
 * later mounts arrive with the host's own flags; {@code helm/reunir/README.md} says what that grants.
 */
public final class HostMounts {
  /** Where the host's file system appears inside the agent container. */
  public static final String HOST_ROOT = AgentConfig.DEFAULT_HOST_ROOT;

  /**
   * One read-only host path; {@code type} is the hostPath type ("" = unchecked); {@code propagated}:
   * mounted with {@code HostToContainer} propagation, so file systems the host mounts below it later
   * (container roots) show inside the agent's container.
   */
  public record HostMount(String path, String type, boolean propagated) {
    /**
     * A DNS label, unique per path: directories by their (short, fixed) path, files by a digest of
     * theirs, since a file path may be long or differ from another only in case or punctuation.
     */
    public String volumeName() {
      if (type.equals(FILE)) {
        return "host-file-" + digest(path);
      }
      return "host" + (path.equals("/") ? "-root" : path.replaceAll("[^a-z0-9]+", "-"))
          .replaceAll("-+$", "");
    }

    public String mountPath() {
      return HOST_ROOT + path;
    }
  }

  private static final String DIR = "Directory";
  private static final String FILE = "File";
  private static final String OPTIONAL = "";

  private HostMounts() {}

  /** The mounts for these probes and files, each path once, in path order. */
  public static List<HostMount> forProbes(Collection<ProbeName> probes, Collection<String> files) {
    var byPath = new TreeMap<String, HostMount>();
    boolean policyFiles = false;
    for (ProbeName probe : probes) {
      ProbeEntry entry = probe.entry();
      for (ProbeEntry.HostPath path : entry.hostPaths()) {
        var mount = new HostMount(path.path(), path.onEveryNode() ? DIR : OPTIONAL, path.propagated());
        byPath.merge(path.path(), mount, (a, b) -> a.propagated() ? a : b);
      }
      policyFiles |= entry.policyFiles();
    }
    if (policyFiles) {
      var directories = List.copyOf(byPath.keySet());
      for (String file : files) {
        boolean covered = directories.stream()
            .anyMatch(dir -> file.equals(dir) || file.startsWith(dir + "/"));
        if (!covered) {
          byPath.put(file, new HostMount(file, FILE, false));
        }
      }
    }
    return List.copyOf(byPath.values());
  }

  private static String digest(String path) {
    try {
      var sha = java.security.MessageDigest.getInstance("SHA-256")
          .digest(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(sha, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
