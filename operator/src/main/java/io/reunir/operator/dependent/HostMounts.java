package io.reunir.operator.dependent;

import io.reunir.operator.api.ProbeName;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The host paths each probe reads, mounted read-only under {@code /host}. A probe that reads nothing
 * from the host (kubernetes asks the API server) mounts nothing, and /proc is mounted only for probes
 * that read it.
 *
 * <p>Two kinds of mount, chosen per path. Directories that exist on every Linux node ({@code /etc},
 * {@code /proc}, {@code /sys}, {@code /usr}, {@code /lib}) use type {@code Directory}: the kubelet
 * checks them and never creates anything. Package databases exist only on nodes of their family
 * (no rpm database on Debian), and {@code /run/systemd} only on systemd hosts, so they use the empty
 * type, which skips the check and lets the pod start on every node (the container runtime may leave
 * an empty directory where the path was missing). Their parent, {@code /var/lib}, is deliberately not mounted instead:
 * it holds the kubelet's directory with other pods' secret volumes. {@code DirectoryOrCreate} is
 * never used.
 *
 * <p>The files probe mounts each named file by itself, type {@code File}: the kubelet checks that a
 * regular file is there and creates nothing, so a policy can never mount a tree (a directory named
 * in {@code spec.files} fails the check), and an unchecked mount of a missing path cannot leave a
 * directory behind on the host. The price: on a node where a named file is missing the agent pod
 * does not start (FailedMount). A file already inside a probe's directory mount is read through it
 * and gets no mount of its own (a mount point inside a read-only host mount could not be created).
 */
public final class HostMounts {
  /** Where the host's file system appears inside the agent container. */
  public static final String HOST_ROOT = "/host";

  /** One read-only host path; {@code type} is the hostPath type ("" = unchecked). */
  public record HostMount(String path, String type) {
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

  private static final HostMount ETC = new HostMount("/etc", DIR);
  private static final HostMount USR = new HostMount("/usr", DIR);
  private static final HostMount LIB = new HostMount("/lib", DIR);
  private static final HostMount PROC = new HostMount("/proc", DIR);
  private static final HostMount SYS = new HostMount("/sys", DIR);
  private static final HostMount DPKG = new HostMount("/var/lib/dpkg", OPTIONAL);
  private static final HostMount RPM = new HostMount("/var/lib/rpm", OPTIONAL);
  private static final HostMount RUN_SYSTEMD = new HostMount("/run/systemd", OPTIONAL);
  private static final HostMount RUN_UDEV = new HostMount("/run/udev", OPTIONAL);

  private static final Map<ProbeName, List<HostMount>> BY_PROBE = Map.of(
      // os-release in /etc or /usr/lib, hostname and machine-id in /etc; kernel, boot id, uptime in /proc.
      ProbeName.OS, List.of(ETC, USR, PROC),
      // CPU, memory from /proc, topology and NICs from /sys; filesystems from /proc/1/mountinfo.
      // Disk models and serials that sysfs lacks come from udev's device database.
      ProbeName.HARDWARE, List.of(PROC, SYS, RUN_UDEV),
      // dpkg status, rpm database (/var/lib/rpm or /usr/lib/sysimage/rpm), apk installed db in /lib.
      ProbeName.PACKAGES, List.of(DPKG, RPM, USR, LIB),
      // unit files in /etc, /run/systemd (transient, generated), /usr/lib, /usr/local/lib and /lib;
      // running state from the cgroup tree in /sys; owning packages from the dpkg, rpm (also under
      // /usr) and apk (/lib, /usr/lib) file lists.
      ProbeName.SERVICES, List.of(ETC, USR, LIB, RUN_SYSTEMD, SYS, PROC, DPKG, RPM),
      ProbeName.KUBERNETES, List.of(),
      // The host's procfs lists the host's processes (no hostPID needed); user names from
      // /etc/passwd; owning packages of executables from the dpkg, rpm and apk file lists.
      ProbeName.PROCESSES, List.of(PROC, ETC, USR, LIB, DPKG, RPM),
      ProbeName.FILES, List.of(),
      // Every process's maps from the host's procfs; owners of the mapped files from the dpkg, rpm
      // and apk file lists.
      ProbeName.LIBRARIES, List.of(PROC, USR, LIB, DPKG, RPM));

  private HostMounts() {}

  /** The mounts for these probes and files, each path once, in path order. */
  public static List<HostMount> forProbes(Collection<ProbeName> probes, Collection<String> files) {
    var byPath = new TreeMap<String, HostMount>();
    for (ProbeName probe : probes) {
      for (HostMount mount : BY_PROBE.get(probe)) {
        byPath.putIfAbsent(mount.path(), mount);
      }
    }
    if (probes.contains(ProbeName.FILES)) {
      var directories = List.copyOf(byPath.keySet());
      for (String file : files) {
        boolean covered = directories.stream()
            .anyMatch(dir -> file.equals(dir) || file.startsWith(dir + "/"));
        if (!covered) {
          byPath.put(file, new HostMount(file, FILE));
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
