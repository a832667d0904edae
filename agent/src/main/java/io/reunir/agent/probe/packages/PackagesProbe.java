package io.reunir.agent.probe.packages;

import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.NotRegularFileException;
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
 * {@code package.name}, {@code package.version} (as the manager prints it),
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
    ParseResult read(InputStream in, PackageBudget budget) throws IOException;
  }

  private static final List<Database> DATABASES = List.of(
      new Database("dpkg", "deb", "/var/lib/dpkg/status",
          (in, budget) -> DpkgStatusParser.parse(in, DpkgStatusParser.Mode.STATUS, budget)),
      new Database("apk", "apk", "/lib/apk/db/installed", ApkInstalledParser::parse));

  private final PackageBudget budget;

  /** Databases are held to what this JVM's heap can carry through a cycle. */
  public PackagesProbe() {
    this(PackageBudget.forThisJvm());
  }

  public PackagesProbe(PackageBudget budget) {
    this.budget = budget;
  }

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
    int found = 0;
    for (Database db : DATABASES) {
      try {
        Path file = host.resolve(db.path());
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        found++;
        ParseResult result;
        try (InputStream in = host.open(file)) {
          result = db.reader().read(in, budget);
        }
        snapshot.addPackages(result.packages());
        report(snapshot, db, result.problems());
        completeIfClean(snapshot, db, result.problems());
      } catch (NotRegularFileException e) {
        snapshot.error(NAME, db.label() + " " + e.getMessage());
      } catch (PackageBudget.Exceeded e) {
        snapshot.error(NAME, db.label() + " " + db.path() + " (" + size(host, db.path()) + ") "
            + e.getMessage());
      } catch (IOException | RuntimeException e) {
        snapshot.error(NAME, db.label() + " " + db.path() + ": " + e);
      }
    }
    found += readRpm(host, snapshot, budget);
    if (found == 0) {
      snapshot.error(NAME, "no package database found (looked for "
          + String.join(", ", DATABASES.stream().map(Database::path).toList())
          + ", and rpmdb.sqlite or Packages under " + String.join(" or ", RpmDatabase.DIRECTORIES) + ")");
    }
  }

  /** rpm's database is not one stream (sqlite, Berkeley DB), so it has its own reader. */
  private static int readRpm(HostRoot host, Snapshot.Builder snapshot, PackageBudget budget) {
    try {
      var installed = RpmDatabase.read(host, budget);
      if (installed.isEmpty()) {
        return 0;
      }
      snapshot.addPackages(installed.get().packages());
      report(snapshot, RPM, installed.get().problems());
      completeIfClean(snapshot, RPM, installed.get().problems());
    } catch (PackageBudget.Exceeded e) {
      snapshot.error(NAME, "rpm " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      snapshot.error(NAME, "rpm database: " + e.getMessage());
    }
    return 1;
  }

  private static String size(HostRoot host, String hostPath) {
    try {
      return String.format("%,d bytes", Files.size(host.resolve(hostPath)));
    } catch (IOException e) {
      return "size unknown";
    }
  }

  private static final Database RPM = new Database("rpm", "rpm", "database", null);

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
    for (int i = 0; i < problems.size() && i < MAX_PROBLEMS; i++) {
      snapshot.error(NAME, db.label() + " " + db.path() + ": " + problems.get(i));
    }
    if (problems.size() > MAX_PROBLEMS) {
      snapshot.error(NAME, db.label() + " " + db.path() + ": " + (problems.size() - MAX_PROBLEMS)
          + " more problems");
    }
  }
}
