package io.reunir.operator.api;

import java.util.List;

/**
 * What a {@code spec.files} entry may be: one host file, named by an absolute, normalized path that
 * is not the host root and not inside a tree holding host or cluster secrets. The agent pod mounts
 * each named file by itself (see {@code HostMounts}), so these rules are what keeps a policy from
 * reaching other pods' secret volumes, the container runtime's state or the kernel's interfaces.
 * The CRD holds the same rules ({@link #PATTERN}, {@link #DENIED_RULE}); the validator checks them
 * again for objects that bypassed the schema and names the entry.
 */
public final class HostFilePaths {
  /** Long enough for any real config path, short enough to keep the CEL rule's cost bounded. */
  public static final int MAX_LENGTH = 1024;

  /**
   * Absolute and normalized: one or more {@code /name} components, none empty (no {@code //}, no
   * trailing {@code /}), none {@code .} or {@code ..}. RE2 has no look-ahead, so a component is
   * one not starting with a dot, or a dot and a non-dot, or two dots and anything.
   */
  public static final String PATTERN = "^(/([^/.][^/]*|\\.[^/.][^/]*|\\.\\.[^/]+))+$";

  /**
   * Trees no policy may name a file in: kernel interfaces; /run (runtime sockets, mounted secrets;
   * /var/run is its usual alias); the kubelet's and the container runtimes' state, which hold every
   * pod's volumes and images; container logs; the cluster's own credentials (kubeadm's
   * /etc/kubernetes, etcd's data); and root's home, whose files are private only through the
   * directory's mode, which a mount of the file itself bypasses.
   */
  public static final List<String> DENIED = List.of(
      "/proc", "/sys", "/dev", "/run", "/var/run",
      "/var/lib/kubelet", "/var/lib/containerd", "/var/lib/docker", "/var/lib/containers",
      "/var/lib/rancher", "/var/lib/etcd", "/var/log/pods", "/var/log/containers",
      "/etc/kubernetes", "/root");

  /** {@link #DENIED} as a CEL rule on {@code spec}; a test keeps the two lists equal. */
  public static final String DENIED_RULE = "!has(self.files) || self.files.all(f, !['/proc', '/sys', '/dev', '/run', '/var/run',"
      + " '/var/lib/kubelet', '/var/lib/containerd', '/var/lib/docker', '/var/lib/containers',"
      + " '/var/lib/rancher', '/var/lib/etcd', '/var/log/pods', '/var/log/containers',"
      + " '/etc/kubernetes', '/root'].exists(d, f == d || f.startsWith(d + '/')))";

  public static final String DENIED_MESSAGE = "files: a path must not be in /proc, /sys, /dev, /run,"
      + " /var/run, /var/lib/kubelet, /var/lib/containerd, /var/lib/docker, /var/lib/containers,"
      + " /var/lib/rancher, /var/lib/etcd, /var/log/pods, /var/log/containers, /etc/kubernetes"
      + " or /root";

  private HostFilePaths() {}

  /** The denied tree this path is in or is, if any. */
  public static java.util.Optional<String> deniedTree(String path) {
    return DENIED.stream().filter(d -> path.equals(d) || path.startsWith(d + "/")).findFirst();
  }
}
