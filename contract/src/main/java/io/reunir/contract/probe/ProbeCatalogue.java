package io.reunir.contract.probe;

import io.reunir.contract.probe.ProbeEntry.HostPath;
import io.reunir.contract.probe.ProbeEntry.Privileges;
import java.util.List;
import java.util.Optional;

/**
 * Every probe the agent has, what it reads on the host and what it needs: the one list the agent's
 * registry, the agent's config defaults and the operator's CRD defaults, mounts and security context
 * are taken from (tests on both sides check that they agree). The host paths are kept next to the
 * names so that a probe's reads and its mounts change together.
 */
public final class ProbeCatalogue {
  public static final String OS = "os";
  public static final String HARDWARE = "hardware";
  public static final String PACKAGES = "packages";
  public static final String SERVICES = "services";
  public static final String KUBERNETES = "kubernetes";
  public static final String PROCESSES = "processes";
  public static final String FILES = "files";
  public static final String LIBRARIES = "libraries";
  public static final String CONTAINERS = "containers";

  private static final HostPath ETC = new HostPath("/etc", true,
      "os-release, hostname, machine-id, passwd, unit files, COS's package list");
  private static final HostPath USR = new HostPath("/usr", true,
      "os-release in /usr/lib, unit files, the rpm database under /usr/lib/sysimage, image inventories");
  private static final HostPath LIB = new HostPath("/lib", true,
      "unit files and the apk database where /lib is not a link to /usr/lib");
  private static final HostPath PROC = new HostPath("/proc", true,
      "the host's procfs: kernel, boot, CPU, memory, mounts, processes");
  private static final HostPath SYS = new HostPath("/sys", true,
      "topology, block devices, NICs, the cgroup tree");
  private static final HostPath DPKG = new HostPath("/var/lib/dpkg", false,
      "the dpkg status and file lists; never /var/lib, which holds other pods' secret volumes");
  private static final HostPath RPM = new HostPath("/var/lib/rpm", false, "the rpm database");
  private static final HostPath RUN_SYSTEMD = new HostPath("/run/systemd", false,
      "transient and generated units");
  private static final HostPath CONTAINERD_TASKS = new HostPath(
      "/run/containerd/io.containerd.runtime.v2.task/k8s.io", false,
      "containerd's CRI task bundles: each running container's config.json (pod annotations),"
          + " init.pid, and its rootfs, mounted there when the container starts", true);
  private static final HostPath CRIO_RUN = new HostPath("/run/containers/storage", false,
      "CRI-O's container bundles: overlay-containers/ID/userdata/config.json and pidfile");
  private static final HostPath CRIO_STORAGE = new HostPath("/var/lib/containers/storage", false,
      "CRI-O's container roots (config.json root.path, e.g. overlay/LAYER/merged), mounted when a"
          + " container starts; image layers only, no pod volumes", true);
  private static final HostPath RUN_UDEV = new HostPath("/run/udev", false,
      "disk models and serials that sysfs lacks");

  /** In the order the agent runs and lists them. */
  public static final List<ProbeEntry> ALL = List.of(
      new ProbeEntry(OS, true, List.of(ETC, USR, PROC), false, Privileges.NONE),
      new ProbeEntry(HARDWARE, true, List.of(PROC, SYS, RUN_UDEV), false, Privileges.NONE),
      // COS keeps its package list in /etc/cos-package-info.json.
      new ProbeEntry(PACKAGES, true, List.of(DPKG, RPM, USR, LIB, ETC), false, Privileges.NONE),
      // Owning packages of the units' programs come from the dpkg, rpm and apk file lists.
      new ProbeEntry(SERVICES, true, List.of(ETC, USR, LIB, RUN_SYSTEMD, SYS, PROC, DPKG, RPM), false,
          Privileges.NONE),
      new ProbeEntry(KUBERNETES, true, List.of(), false, new Privileges(false, List.of(), true)),
      // The host's procfs lists the host's processes: no hostPID.
      new ProbeEntry(PROCESSES, false, List.of(PROC, ETC, USR, LIB, DPKG, RPM), false, Privileges.NONE),
      new ProbeEntry(FILES, false, List.of(), true, Privileges.NONE),
      // Another user's /proc/PID/maps opens only under ptrace read access (proc(5)).
      new ProbeEntry(LIBRARIES, false, List.of(PROC, USR, LIB, DPKG, RPM), false,
          new Privileges(true, List.of("SYS_PTRACE"), false)),
      // The runtimes keep their state directories root-only (0700/0711); /proc tells a live pid.
      new ProbeEntry(CONTAINERS, false, List.of(CONTAINERD_TASKS, CRIO_RUN, CRIO_STORAGE, PROC), false,
          new Privileges(true, List.of(), false)));

  /**
   * The names of the probes {@link ProbeEntry#enabledByDefault enabled by default}, as the JSON an
   * annotation needs (a compile-time constant); a test keeps it equal to {@link #defaults()}.
   */
  public static final String DEFAULTS_JSON =
      "[\"" + OS + "\", \"" + HARDWARE + "\", \"" + PACKAGES + "\", \"" + SERVICES + "\", \""
          + KUBERNETES + "\"]";

  private ProbeCatalogue() {}

  public static List<String> names() {
    return ALL.stream().map(ProbeEntry::name).toList();
  }

  /** What runs when nothing is named. */
  public static List<String> defaults() {
    return ALL.stream().filter(ProbeEntry::enabledByDefault).map(ProbeEntry::name).toList();
  }

  public static Optional<ProbeEntry> find(String name) {
    return ALL.stream().filter(entry -> entry.name().equals(name)).findFirst();
  }

  /** The entry of a probe the agent has; an unknown name is an error that names it. */
  public static ProbeEntry entry(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown probe '" + name + "' (known: " + String.join(", ", names()) + ")"));
  }
}
