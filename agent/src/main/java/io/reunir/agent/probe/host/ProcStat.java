package io.reunir.agent.probe.host;

/**
 * The fields Reunir uses from {@code /proc/<pid>/stat}. The command name sits in parentheses and may
 * itself hold spaces and parentheses ({@code 1 (a) b (c) S 0 ...}), so it runs from the first
 * {@code (} to the <em>last</em> {@code )}, and the numeric fields are counted from there.
 */
public record ProcStat(long pid, String comm, long ppid, long flags) {
  /** PF_KTHREAD in include/linux/sched.h: kernel threads have no executable and no package. */
  private static final long PF_KTHREAD = 0x00200000L;

  public boolean kernelThread() {
    return (flags & PF_KTHREAD) != 0;
  }

  /** Parses one stat line; a line that is not one names what is wrong in the exception. */
  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open <= 0 || close < open) {
      throw new IllegalArgumentException("stat has no '(comm)': " + abbreviate(line));
    }
    String[] rest = line.substring(close + 1).strip().split("\\s+");
    // rest[0] is the state, then ppid, pgrp, session, tty_nr, tpgid, flags (fields 3..9 of proc(5)).
    if (rest.length < 7) {
      throw new IllegalArgumentException("stat has " + rest.length
          + " fields after the command name, expected at least 7: " + abbreviate(line));
    }
    try {
      long pid = Long.parseLong(line.substring(0, open).strip());
      long ppid = Long.parseLong(rest[1]);
      long flags = Long.parseUnsignedLong(rest[6]);
      return new ProcStat(pid, line.substring(open + 1, close), ppid, flags);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("stat has a non-numeric pid, ppid or flags: " + abbreviate(line));
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
