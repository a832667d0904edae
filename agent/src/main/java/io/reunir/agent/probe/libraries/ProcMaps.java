package io.reunir.agent.probe.libraries;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files one process maps, from {@code /proc/PID/maps}. A line is
 * {@code address perms offset dev inode pathname} (proc(5)); the kernel pads the inode column with
 * spaces, and the pathname may itself hold spaces, so it is everything after the fifth field. Only
 * file-backed mappings count: a path starting with {@code /} on a non-zero inode. Anonymous
 * mappings, {@code [heap]}, {@code [stack]}, {@code [vdso]} and the like have no path or a bracketed
 * one; {@code /memfd:} and SysV shared memory ({@code /SYSV...}) live on inode-bearing internal file
 * systems but are no file of any package, so they are left out.
 */
public record ProcMaps(Map<String, Boolean> files) {
  static final String DELETED_SUFFIX = " (deleted)";

  /**
   * Each mapped path once, in first-seen order, with whether the kernel marked it deleted (the file
   * was replaced or removed after it was mapped; the suffix is cut so the path still finds its package).
   *
   * @throws IllegalArgumentException on a line that is not a maps line, naming it
   */
  public static ProcMaps parse(BufferedReader lines) throws IOException {
    Map<String, Boolean> files = new LinkedHashMap<>();
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty()) {
        continue;
      }
      String path = pathOf(line);
      if (path == null || path.startsWith("/memfd:") || path.startsWith("/SYSV")) {
        continue;
      }
      boolean deleted = path.endsWith(DELETED_SUFFIX);
      if (deleted) {
        path = path.substring(0, path.length() - DELETED_SUFFIX.length());
      }
      if (!path.isEmpty()) {
        files.merge(path, deleted, Boolean::logicalOr);
      }
    }
    return new ProcMaps(files);
  }

  /** The pathname column of a file-backed mapping, or null for any other mapping. */
  private static String pathOf(String line) {
    int at = 0;
    String inode = null;
    for (int field = 0; field < 5; field++) {
      while (at < line.length() && line.charAt(at) == ' ') {
        at++;
      }
      int end = line.indexOf(' ', at);
      if (end < 0) {
        end = line.length();
      }
      if (end == at) {
        throw new IllegalArgumentException("maps line has fewer than 5 fields: " + abbreviate(line));
      }
      if (field == 0 && line.substring(at, end).indexOf('-') <= 0) {
        throw new IllegalArgumentException("maps line has no address range: " + abbreviate(line));
      }
      inode = line.substring(at, end);
      at = end;
    }
    while (at < line.length() && line.charAt(at) == ' ') {
      at++;
    }
    String path = line.substring(at);
    return path.startsWith("/") && !"0".equals(inode) ? path : null;
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
