package io.reunir.agent.probe.host;

import io.reunir.agent.probe.HostRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * File owners from dpkg's per-package file lists, {@code var/lib/dpkg/info/<pkg>[:<arch>].list}.
 *
 * <p>A path is looked up as {@link FileIndex} describes.
 */
public final class DpkgFileOwners extends ListedFileOwners {
  static final String INFO_DIR = "/var/lib/dpkg/info";

  public DpkgFileOwners(HostRoot host) {
    super(host);
  }

  @Override
  protected void fill(FileIndex index) {
    Path dir;
    try {
      dir = host.resolve(INFO_DIR);
    } catch (IOException e) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> lists;
    try (Stream<Path> files = Files.list(dir)) {
      lists = files.filter(p -> p.getFileName().toString().endsWith(".list")).sorted().toList();
    } catch (IOException e) {
      return;
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
  }

  /** {@code libc6:amd64.list} names package {@code libc6}: documents name packages without arch. */
  static String packageName(String listFile) {
    String base = listFile.substring(0, listFile.length() - ".list".length());
    int colon = base.indexOf(':');
    return colon < 0 ? base : base.substring(0, colon);
  }
}
