package io.reunir.agent.probe.containers;

import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * When a host process started, as {@code ps} tells it: {@code btime} of {@code /proc/stat} plus the
 * process's start time, field 22 of {@code /proc/<pid>/stat}, in clock ticks since boot. The tick is
 * {@code USER_HZ}, 100 on every Linux ABI the agent runs on. containerd records no start time of its
 * own beside the bundle, so its container's init process tells it.
 */
final class ProcessStart {
  static final long USER_HZ = 100;

  private ProcessStart() {}

  /** The host's boot time, or empty when {@code /proc/stat} does not tell. */
  static Optional<Long> bootSeconds(HostRoot host) {
    try {
      return host.readText("/proc/stat").flatMap(text -> text.lines()
          .filter(l -> l.startsWith("btime ")).findFirst()
          .map(l -> Long.parseLong(l.substring(6).strip())));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** When the process started, or null when its stat cannot be read or parsed. */
  static Instant of(HostRoot host, long pid, Optional<Long> bootSeconds) {
    if (bootSeconds.isEmpty()) {
      return null;
    }
    try {
      Optional<String> stat = host.readFirstLine("/proc/" + pid + "/stat");
      if (stat.isEmpty()) {
        return null;
      }
      String line = stat.get();
      int close = line.lastIndexOf(')');
      String[] rest = line.substring(close + 1).strip().split("\\s+");
      // rest[0] is field 3 (state), so field 22 (starttime) is rest[19].
      if (close < 0 || rest.length < 20) {
        return null;
      }
      long ticks = Long.parseLong(rest[19]);
      return Instant.ofEpochSecond(bootSeconds.get(), 0).plusMillis(ticks * 1000 / USER_HZ);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }
}
