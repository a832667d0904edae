package io.reunir.agent.probe.os;

import io.reunir.agent.model.OsFacts;
import io.reunir.agent.model.OsRelease;
import io.reunir.agent.probe.host.OsReleaseParser;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.NotRegularFileException;
import io.reunir.agent.probe.Probe;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Names the host and its operating system.
 *
 * <p>Fields: {@code host.hostname} (etc/hostname; the pod's own UTS name would be wrong),
 * {@code host.id} (etc/machine-id), {@code host.boot.id}, {@code host.uptime},
 * {@code reunir.host.boot_time} (proc), {@code host.os.kernel} (proc/sys/kernel/osrelease, which is
 * the same in every namespace), {@code host.architecture}, and {@code host.os.*} from os-release.
 */
public final class OsProbe implements Probe {
  public static final String NAME = "os";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) throws IOException {
    OsRelease release = null;
    try {
      release = readOsRelease(host).orElse(null);
      if (release == null) {
        snapshot.error(NAME, "no os-release at /etc/os-release or /usr/lib/os-release");
      }
    } catch (NotRegularFileException e) {
      // The rest of the os facts do not depend on it.
      snapshot.error(NAME, e.getMessage());
    }
    String hostname = host.readFirstLine("/etc/hostname")
        .or(() -> readQuietly(host, "/proc/sys/kernel/hostname"))
        .map(Bounded::text).orElse(null);
    String kernel = readQuietly(host, "/proc/sys/kernel/osrelease").map(Bounded::text).orElse(null);
    if (kernel == null) {
      snapshot.error(NAME, "kernel release unreadable: no /proc/sys/kernel/osrelease under the host root");
    }
    String machineId = host.readFirstLine("/etc/machine-id").map(Bounded::text).orElse(null);
    String bootId = readQuietly(host, "/proc/sys/kernel/random/boot_id").map(Bounded::text).orElse(null);
    Instant bootTime = bootTime(host);
    Long uptime = uptimeSeconds(host);
    snapshot.os(new OsFacts(hostname, machineId, bootId, bootTime, uptime, kernel, architecture(), release));
  }

  static Optional<OsRelease> readOsRelease(HostRoot host) throws IOException {
    for (String path : new String[] {"/etc/os-release", "/usr/lib/os-release"}) {
      Optional<String> text = host.readText(path);
      if (text.isPresent()) {
        return Optional.of(OsReleaseParser.parse(text.get()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> readQuietly(HostRoot host, String path) {
    try {
      return host.readFirstLine(path);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Instant bootTime(HostRoot host) {
    try {
      Optional<String> stat = host.readText("/proc/stat");
      if (stat.isEmpty()) {
        return null;
      }
      return stat.get().lines().filter(l -> l.startsWith("btime "))
          .map(l -> Instant.ofEpochSecond(Long.parseLong(l.substring(6).strip())))
          .findFirst().orElse(null);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private static Long uptimeSeconds(HostRoot host) {
    return readQuietly(host, "/proc/uptime").map(line -> {
      try {
        return (long) Double.parseDouble(line.split("\\s+")[0]);
      } catch (NumberFormatException e) {
        return null;
      }
    }).orElse(null);
  }

  /** The agent runs on the host's own CPU, so the JVM's architecture is the host's, in uname's words. */
  static String architecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      default -> arch;
    };
  }
}
