package io.reunir.agent.probe.packages.image;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.host.ParseResult;
import io.reunir.contract.version.PortageVersionKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flatcar's packages, from the names of the per-package SLSA provenance files its image ships in
 * {@code /usr/share/SLSA}: Flatcar is built with portage but keeps no package database on the node,
 * and its build writes one {@code <category>_<name>-<version>.json.xz} (older releases
 * {@code .json.bz2}) for every package it puts in the image. The name is all that is read: it is the
 * portage atom, split as portage splits one (the version starts after the last {@code -} that is
 * followed by a valid version). A file whose name is not such an atom is a problem; a directory is
 * skipped.
 */
public final class FlatcarSlsaReader {
  public static final String DIRECTORY = "/usr/share/SLSA";
  /** A Flatcar host without {@link #DIRECTORY} (releases before it) still has this. */
  static final String MARKER = "/usr/share/flatcar";
  static final String FORMAT = "SLSA provenance file name";
  static final int MAX_FILES = 20_000;
  private static final Pattern FILE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9+.-]*)_(.+)\\.json(?:\\.xz|\\.bz2)?");

  private FlatcarSlsaReader() {}

  /** Empty when the host has no {@link #DIRECTORY}. */
  public static Optional<ParseResult> read(HostRoot host) throws IOException {
    Path dir = host.resolve(DIRECTORY);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    List<PackageRecord> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : fileNames(dir, problems)) {
      atom(name).ifPresentOrElse(packages::add, () -> problems.add(
          Bounded.text(name, 200) + ": " + FORMAT + ": not <category>_<name>-<version>.json[.xz|.bz2]"));
    }
    return Optional.of(new ParseResult(List.copyOf(packages), List.copyOf(problems)));
  }

  /**
   * Whether the host is a Flatcar release older than its SLSA files: it carries no package list at
   * all, so its image version (host.os.version) is the whole answer and no list is not a failed read.
   */
  public static boolean withoutList(HostRoot host) {
    try {
      return Files.isDirectory(host.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)
          && !Files.exists(host.resolve(DIRECTORY), LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return false;
    }
  }

  private static TreeSet<String> fileNames(Path dir, List<String> problems) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (names.size() == MAX_FILES) {
          problems.add("more than " + MAX_FILES + " files; the rest not read");
          break;
        }
        names.add(entry.getFileName().toString());
      }
    }
    return names;
  }

  /** {@code sys-libs_glibc-2.37-r7.json.xz} is glibc 2.37-r7 of sys-libs. */
  static Optional<PackageRecord> atom(String fileName) {
    Matcher m = FILE.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    String pf = m.group(2);
    for (int dash = pf.lastIndexOf('-'); dash > 0; dash = pf.lastIndexOf('-', dash - 1)) {
      String version = pf.substring(dash + 1);
      if (PortageVersionKey.isValid(version)) {
        String name = pf.substring(0, dash);
        int rev = version.lastIndexOf("-r");
        return Optional.of(new PackageRecord("flatcar", Bounded.text(name), Bounded.text(version), null,
            null, rev > 0 ? version.substring(rev + 1) : null, m.group(1) + "/" + Bounded.text(name),
            Bounded.text(version), null, null));
      }
    }
    return Optional.empty();
  }
}
