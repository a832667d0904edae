package io.reunir.agent.probe.packages;

import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.packages.rpm.RpmDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Every installed package, from each package manager's database found under the host root. Each
 * database is read on its own: one that is missing is skipped, one that is damaged records an error
 * and gives what it can, and the others still report.
 *
 * <p>Fields of each package document: {@code package.type} ({@code deb}, {@code apk}),
 * {@code package.name}, {@code package.version} (as the manager prints it: dpkg drops a {@code 0:}
 * epoch), {@code reunir.package.state} (deb: dpkg's state word, e.g. {@code triggers-pending}),
 * {@code package.architecture}, {@code package.size} (bytes; dpkg's Installed-Size is KiB),
 * {@code reunir.package.version_key} (see {@code io.reunir.agent.version.VersionKey}),
 * {@code reunir.package.epoch} and {@code reunir.package.release} (deb: epoch and Debian revision;
 * apk: {@code rN}), {@code reunir.package.source} and {@code source_version} (dpkg's Source, which
 * may carry its own version; apk's origin), plus the node fields every document carries. Samples:
 * {@code src/test/resources/samples/package-deb.json} and {@code package-apk.json}, checked by
 * {@code PackageSampleDocumentTest}.
 */
public final class PackagesProbe implements Probe {
  public static final String NAME = "packages";
  /** Problems reported per database; the rest are counted, so a wrecked file cannot flood the node. */
  static final int MAX_PROBLEMS = 10;

  /** One package database: where it lives on a host, the {@code package.type} it holds, how to read it. */
  private record Database(String label, String type, String path, Reader reader) {}

  @FunctionalInterface
  private interface Reader {
    ParseResult read(InputStream in) throws IOException;
  }

  private static final List<Database> DATABASES = List.of(
      new Database("apk", "apk", "/lib/apk/db/installed", ApkInstalledParser::parse));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> kinds() {
    return List.of(NAME);
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) {
    int found = readDpkg(host, snapshot);
    for (Database db : DATABASES) {
      try {
        Path file = host.resolve(db.path());
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        found++;
        ParseResult result;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
          result = db.reader().read(in);
        }
        snapshot.addPackages(result.packages());
        report(snapshot, db, result.problems());
        completeIfClean(snapshot, db, result.problems());
      } catch (IOException | RuntimeException e) {
        snapshot.error(NAME, db.label() + " " + db.path() + ": " + e);
      }
    }
    found += readRpm(host, snapshot);
    if (found == 0) {
      snapshot.error(NAME, "no package database found (looked for "
          + String.join(", ", DATABASES.stream().map(Database::path).toList())
          + ", " + DpkgDatabase.STATUS + " or " + DpkgDatabase.STATUS_D
          + ", and rpmdb.sqlite or Packages under " + String.join(" or ", RpmDatabase.DIRECTORIES) + ")");
    }
  }

  /** rpm's database is not one stream (sqlite, Berkeley DB), so it has its own reader. */
  private static int readRpm(HostRoot host, Snapshot.Builder snapshot) {
    try {
      var installed = RpmDatabase.read(host);
      if (installed.isEmpty()) {
        return 0;
      }
      snapshot.addPackages(installed.get().packages());
      report(snapshot, RPM, installed.get().problems());
      completeIfClean(snapshot, RPM, installed.get().problems());
    } catch (IOException | RuntimeException e) {
      snapshot.error(NAME, "rpm database: " + e.getMessage());
    }
    return 1;
  }

  private static final Database RPM = new Database("rpm", "rpm", "database", null);

  /** dpkg's database is a status file, a distroless status.d directory, or both; problems name the file. */
  private static int readDpkg(HostRoot host, Snapshot.Builder snapshot) {
    try {
      var read = DpkgDatabase.read(host);
      if (read.isEmpty()) {
        return 0;
      }
      snapshot.addPackages(read.get().packages());
      report(snapshot, DPKG.label() + " ", read.get().problems());
      completeIfClean(snapshot, DPKG, read.get().problems());
    } catch (IOException | RuntimeException e) {
      snapshot.error(NAME, "dpkg " + DpkgDatabase.STATUS_D + ": " + e);
    }
    return 1;
  }

  private static final Database DPKG = new Database("dpkg", "deb", DpkgDatabase.STATUS, null);

  /**
   * A database read to its end without a problem is the whole truth for its type: a package it lacks
   * was removed. One with a broken record is not (the broken record may be a package still installed),
   * so its packages are written but none of its type is deleted until a clean read.
   */
  private static void completeIfClean(Snapshot.Builder snapshot, Database db, List<String> problems) {
    if (problems.isEmpty()) {
      snapshot.complete(NAME + "/" + db.type());
    }
  }

  private static void report(Snapshot.Builder snapshot, Database db, List<String> problems) {
    report(snapshot, db.label() + " " + db.path() + ": ", problems);
  }

  /** {@code prefix} says which database: {@code "apk /lib/apk/db/installed: "}, or {@code "dpkg "}. */
  private static void report(Snapshot.Builder snapshot, String prefix, List<String> problems) {
    for (int i = 0; i < problems.size() && i < MAX_PROBLEMS; i++) {
      snapshot.error(NAME, prefix + problems.get(i));
    }
    if (problems.size() > MAX_PROBLEMS) {
      snapshot.error(NAME, prefix + (problems.size() - MAX_PROBLEMS) + " more problems");
    }
  }
}
