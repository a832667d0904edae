package io.reunir.agent.probe.hardware;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code /proc/1/mountinfo} (proc(5)): the mounts of the host's init, not the agent pod's own
 * mount namespace that {@code /proc/self/mounts} would show.
 *
 * <p>A mount is kept as a real file system when its type is not a virtual one ({@link
 * #VIRTUAL_TYPES}: kernel interfaces, memory-backed and container-layer types) and its device
 * (major:minor) was not already seen: later mounts of the same device are bind mounts (kubelet
 * mounts one disk dozens of times for pod volumes), and the first mount of a device is the original
 * one.
 */
final class MountInfoParser {
  /** One line of mountinfo; {@code device} is "major:minor". */
  record Mount(String device, String root, String mountPoint, String type, String source) {}

  static final Set<String> VIRTUAL_TYPES =
      Set.of(
          "proc",
          "sysfs",
          "cgroup",
          "cgroup2",
          "tmpfs",
          "devtmpfs",
          "devpts",
          "ramfs",
          "overlay",
          "aufs",
          "mqueue",
          "hugetlbfs",
          "debugfs",
          "tracefs",
          "securityfs",
          "pstore",
          "bpf",
          "configfs",
          "fusectl",
          "autofs",
          "binfmt_misc",
          "nsfs",
          "rpc_pipefs",
          "efivarfs",
          "selinuxfs",
          "squashfs",
          "fuse.lxcfs",
          "fuse.gvfsd-fuse",
          "nfsd",
          "rootfs");

  private MountInfoParser() {}

  /** Every well-formed line; malformed lines are counted in {@code malformed}. */
  static List<Mount> parse(String text, List<String> malformed) {
    List<Mount> mounts = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.strip().split(" ");
      int dash = -1;
      for (int i = 6; i < fields.length; i++) {
        if (fields[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (fields.length < 6 || dash < 0 || dash + 2 >= fields.length) {
        malformed.add(line.length() > 80 ? line.substring(0, 80) + "..." : line);
        continue;
      }
      mounts.add(
          new Mount(
              fields[2],
              unescape(fields[3]),
              unescape(fields[4]),
              fields[dash + 1],
              unescape(fields[dash + 2])));
    }
    return mounts;
  }

  /**
   * The real file systems among the mounts, in mount order (see the class comment for the rule).
   */
  static List<Mount> realFilesystems(List<Mount> mounts) {
    Set<String> seenDevices = new HashSet<>();
    List<Mount> real = new ArrayList<>();
    for (Mount mount : mounts) {
      if (VIRTUAL_TYPES.contains(mount.type()) || !seenDevices.add(mount.device())) {
        continue;
      }
      real.add(mount);
    }
    return real;
  }

  /**
   * The kernel writes space, tab, newline and backslash in paths as octal escapes ({@code \040}).
   */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
