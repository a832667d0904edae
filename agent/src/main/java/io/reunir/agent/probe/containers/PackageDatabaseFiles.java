package io.reunir.agent.probe.containers;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.host.ApkInstalledParser;
import io.reunir.agent.probe.host.rpm.RpmDatabase;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a container root's package inventory is made of: dpkg's {@code status} and
 * {@code status.d/*}, apk's {@code installed}, rpm's database files in each of its directories, and
 * the os-release the image documents carry. Their content is the image's fingerprint, and their
 * (path, size, modification time, inode) say cheaply whether it changed.
 */
final class PackageDatabaseFiles {
  static final String DPKG_STATUS = "/var/lib/dpkg/status";
  static final String DPKG_STATUS_D = "/var/lib/dpkg/status.d";
  /** The sqlite write-ahead log holds the newest transactions until a checkpoint. */
  private static final List<String> RPM_FILES =
      List.of("rpmdb.sqlite", "rpmdb.sqlite-wal", "Packages.db", "Packages");
  private static final List<String> OS_RELEASE = List.of("/etc/os-release", "/usr/lib/os-release");

  /** One file as {@code stat} sees it; the device is left out, as each overlay mount has its own. */
  record FileStat(String path, long size, long modifiedNanos, long inode) {}

  /** The files found, each under its host path in the container root. */
  record Found(Map<String, Path> databases, Map<String, Path> osRelease) {
    boolean hasDatabase() {
      return !databases.isEmpty();
    }

    /** Every file, databases first, in a fixed order. */
    Map<String, Path> all() {
      var all = new LinkedHashMap<>(databases);
      all.putAll(osRelease);
      return all;
    }
  }

  private PackageDatabaseFiles() {}

  static Found find(HostRoot root) throws IOException {
    Map<String, Path> databases = new LinkedHashMap<>();
    add(root, DPKG_STATUS, databases);
    Path statusD = root.resolve(DPKG_STATUS_D);
    if (Files.isDirectory(statusD, LinkOption.NOFOLLOW_LINKS)) {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(statusD)) {
        entries.forEach(files::add);
      }
      files.sort(null);
      for (Path file : files) {
        add(root, DPKG_STATUS_D + "/" + file.getFileName(), databases);
      }
    }
    for (String path : ApkInstalledParser.PATHS) {
      add(root, path, databases);
    }
    for (String dir : RpmDatabase.DIRECTORIES) {
      for (String file : RPM_FILES) {
        add(root, dir + "/" + file, databases);
      }
    }
    Map<String, Path> osRelease = new LinkedHashMap<>();
    for (String path : OS_RELEASE) {
      if (add(root, path, osRelease)) {
        break;
      }
    }
    return new Found(databases, osRelease);
  }

  /**
   * Adds the file when it exists, once even when a link names it twice. Something there that is not
   * a regular file is an error naming it: a database that cannot be read is not an absent one.
   */
  private static boolean add(HostRoot root, String hostPath, Map<String, Path> into) throws IOException {
    Path file = root.resolve(hostPath);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || into.containsValue(file)) {
      return false;
    }
    HostRoot.checkRegular(file, hostPath);
    into.put(hostPath, file);
    return true;
  }

  static List<FileStat> stat(Found found) throws IOException {
    List<FileStat> stats = new ArrayList<>();
    for (var e : found.all().entrySet()) {
      var attributes = Files.readAttributes(e.getValue(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Object inode = Files.getAttribute(e.getValue(), "unix:ino", LinkOption.NOFOLLOW_LINKS);
      stats.add(new FileStat(e.getKey(), attributes.size(),
          attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
          inode instanceof Long l ? l : -1L));
    }
    return List.copyOf(stats);
  }
}
