package io.reunir.agent.probe.owners;

import io.reunir.agent.probe.HostRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * File owners from dpkg's per-package file lists, {@code var/lib/dpkg/info/<pkg>[:<arch>].list}.
 *
 * <p>The lists are read on the first question and then kept, so one collection reads them once; a
 * path is looked up as {@link FileIndex} describes.
 */
public final class DpkgFileOwners implements PackageOwners {
  static final String INFO_DIR = "/var/lib/dpkg/info";

  private final HostRoot host;
  private FileIndex owners;

  public DpkgFileOwners(HostRoot host) {
    this.host = host;
  }

  @Override
  public Optional<String> owner(String hostPath) {
    return index().owner(hostPath);
  }

  /** How many paths the lists name; zero when the host has no dpkg database. */
  public int size() {
    return index().size();
  }

  private synchronized FileIndex index() {
    if (owners == null) {
      owners = load();
    }
    return owners;
  }

  private FileIndex load() {
    FileIndex index = new FileIndex(host);
    Path dir;
    try {
      dir = host.resolve(INFO_DIR);
    } catch (IOException e) {
      return index;
    }
    if (!Files.isDirectory(dir)) {
      return index;
    }
    List<Path> lists;
    try (Stream<Path> files = Files.list(dir)) {
      lists = files.filter(p -> p.getFileName().toString().endsWith(".list")).sorted().toList();
    } catch (IOException e) {
      return index;
    }
    for (Path list : lists) {
      String pkg = packageName(list.getFileName().toString());
      // InputStreamReader replaces malformed bytes rather than failing the whole list.
      try (var lines = new BufferedReader(
          new InputStreamReader(host.open(list), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("/") && !line.equals("/.")) {
            index.add(line, pkg);
          }
        }
      } catch (IOException e) {
        // One unreadable or non-UTF-8 list loses that package's files, not every package's.
      }
    }
    return index;
  }

  /** {@code libc6:amd64.list} names package {@code libc6}: documents name packages without arch. */
  static String packageName(String listFile) {
    String base = listFile.substring(0, listFile.length() - ".list".length());
    int colon = base.indexOf(':');
    return colon < 0 ? base : base.substring(0, colon);
  }
}
