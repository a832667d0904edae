package io.reunir.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU seconds (user + system) a process has used so far, from {@code /proc/PID/stat}. */
final class ProcessCpu {
  /** Linux reports the times in clock ticks; USER_HZ is 100 on every mainstream architecture. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** 0 when no pid was given or the process is gone: the figure is then left out, not guessed. */
  static double seconds(long pid) {
    if (pid <= 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name in parentheses may hold spaces: fields are counted after its closing one.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
