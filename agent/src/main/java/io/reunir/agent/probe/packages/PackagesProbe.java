package io.reunir.agent.probe.packages;

import io.reunir.agent.probe.host.ParseResult;
import io.reunir.agent.probe.PackageBudget;
import io.reunir.agent.probe.host.ApkInstalledParser;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.NotRegularFileException;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.packages.image.BottlerocketInventoryParser;
import io.reunir.agent.probe.packages.image.CosPackageInfoParser;
import io.reunir.agent.probe.packages.image.FlatcarSlsaReader;
import io.reunir.agent.probe.packages.image.TalosSpdxReader;
import io.reunir.agent.probe.host.rpm.RpmDatabase;
import io.reunir.agent.probe.host.rpm.RpmFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every installed package, from each package manager's database found under the host root. Each
 * database is read on its own: one that is missing is skipped, one that is damaged records an error
 * and gives what it can, and the others still report.
 *
 * <p>Immutable node images have no package manager; what the image ships is read instead, each as
 * its own type: Bottlerocket's application inventory ({@code bottlerocket}), Container-Optimized OS's
 * package info ({@code cos}), Talos's SPDX SBOMs ({@code talos}) and the names of Flatcar's SLSA
 * provenance files ({@code flatcar}); see {@code image/}.
 *
 * <p>Fields of each package document: {@code package.type} ({@code deb}, {@code rpm}, {@code apk} or
 * one of the image types above),
 * {@code package.name}, {@code package.version} (as the manager prints it: dpkg drops a {@code 0:}
 * epoch), {@code reunir.package.state} (deb: dpkg's state word, e.g. {@code triggers-pending}),
 * {@code package.architecture}, {@code package.size} (bytes; dpkg's Installed-Size is KiB),
 * {@code reunir.package.version_key} (see {@code io.reunir.contract.version.VersionKey}),
 * {@code reunir.package.epoch} and {@code reunir.package.release} (deb: epoch and Debian revision;
 * apk: {@code rN}), {@code reunir.package.source} and {@code source_version} (dpkg's Source, which
 * may carry its own version; apk's origin), plus the node fields every document carries. Samples:
 * {@code src/test/resources/samples/package-deb.json}, {@code package-apk.json} and one per image
 * type ({@code package-bottlerocket.json}, {@code -cos}, {@code -talos}, {@code -flatcar}), checked by
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
      new Database("apk", "apk", ApkInstalledParser.PATHS.get(0), (in, budget) -> ApkInstalledParser.parse(in, budget)),
      new Database("apk", "apk", ApkInstalledParser.PATHS.get(1), (in, budget) -> ApkInstalledParser.parse(in, budget)),
      new Database("bottlerocket", "bottlerocket", "/usr/share/bottlerocket/application-inventory.json",
          (in, budget) -> BottlerocketInventoryParser.parse(in)),
      new Database("cos", "cos", "/etc/cos-package-info.json", (in, budget) -> CosPackageInfoParser.parse(in)));

  /** An immutable image's inventory spread over a directory, read by its own reader. */
  private record ImageInventory(Database db, TreeReader reader) {}

  @FunctionalInterface
  private interface TreeReader {
    Optional<ParseResult> read(HostRoot host) throws IOException;
  }

  private static final List<ImageInventory> IMAGE_INVENTORIES = List.of(
      new ImageInventory(new Database("talos", "talos", "SBOM", null), TalosSpdxReader::read),
      new ImageInventory(new Database("flatcar", "flatcar", FlatcarSlsaReader.DIRECTORY, null),
          FlatcarSlsaReader::read));

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
    int found = readDpkg(host, snapshot);
    Map<String, Path> read = new HashMap<>();
    for (Database db : DATABASES) {
      try {
        Path file = host.resolve(db.path());
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        found++;
        if (readBefore(snapshot, db, file, read.putIfAbsent(db.type(), file))) {
          continue;
        }
        ParseResult result;
        try (InputStream in = host.open(file)) {
          result = db.reader().read(in, budget);
        } catch (PackageBudget.Exceeded e) {
          throw e.in(db.path(), file);
        }
        accept(snapshot, db, db.label() + " " + db.path() + ": ", result);
      } catch (NotRegularFileException e) {
        snapshot.error(NAME, db.label() + " " + e.getMessage());
      } catch (PackageBudget.Exceeded e) {
        snapshot.error(NAME, db.label() + " " + e.getMessage());
      } catch (IOException | RuntimeException e) {
        snapshot.error(NAME, db.label() + " " + db.path() + ": " + e);
      }
    }
    found += readRpm(host, snapshot, budget);
    for (ImageInventory inventory : IMAGE_INVENTORIES) {
      found += readImage(host, snapshot, inventory);
    }
    if (found == 0 && !FlatcarSlsaReader.withoutList(host)) {
      snapshot.error(NAME, "no package database found (looked for "
          + String.join(", ", DATABASES.stream().map(Database::path).toList())
          + ", " + DpkgDatabase.STATUS + " or " + DpkgDatabase.STATUS_D
          + ", rpmdb.sqlite, Packages.db or Packages under " + String.join(" or ", RpmDatabase.DIRECTORIES)
          + ", *.spdx.json under " + String.join(" or ", TalosSpdxReader.DIRECTORIES)
          + ", and " + FlatcarSlsaReader.DIRECTORY + ")");
    }
  }

  private static int readImage(HostRoot host, Snapshot.Builder snapshot, ImageInventory inventory) {
    Database db = inventory.db();
    try {
      Optional<ParseResult> result = inventory.reader().read(host);
      if (result.isEmpty()) {
        return 0;
      }
      accept(snapshot, db, db.label() + " " + db.path() + ": ", result.get());
    } catch (IOException | RuntimeException e) {
      snapshot.error(NAME, db.label() + " " + db.path() + ": " + e);
    }
    return 1;
  }

  /**
   * Whether a database of this type was read already. The same file under a second path (a usr-merged
   * host's {@code /lib -> usr/lib} link) is read once. A different file is not read: the manager itself
   * reads only the first path, so that one is the truth, and the second is reported as left unread.
   */
  private static boolean readBefore(Snapshot.Builder snapshot, Database db, Path file, Path earlier)
      throws IOException {
    if (earlier == null) {
      return false;
    }
    if (!Files.isSameFile(earlier, file)) {
      snapshot.error(NAME, db.label() + " " + db.path() + ": not read: a second " + db.label()
          + " database beside the one read before it, which " + db.label() + " itself uses");
    }
    return true;
  }

  /**
   * rpm's database is not one stream (sqlite, NDB, Berkeley DB) and may live in several places, so
   * it has its own reader; its errors name the file and the format like the others'.
   */
  private static int readRpm(HostRoot host, Snapshot.Builder snapshot, PackageBudget budget) {
    Optional<RpmDatabase.Location> found;
    try {
      found = RpmDatabase.find(host);
    } catch (IOException | RuntimeException e) {
      snapshot.error(NAME, "rpm " + (e instanceof RpmFormatException ? e.getMessage() : e));
      return 1;
    }
    if (found.isEmpty()) {
      return 0;
    }
    var location = found.get();
    var db = new Database("rpm", "rpm", location.hostPath(), null);
    try {
      var installed = RpmDatabase.read(location, budget);
      accept(snapshot, db, "rpm " + db.path() + ": ",
          new ParseResult(installed.packages(), installed.problems()));
    } catch (PackageBudget.Exceeded e) {
      snapshot.error(NAME, "rpm " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      snapshot.error(NAME, "rpm " + location.hostPath() + ": " + location.format() + ": "
          + (e instanceof RpmFormatException ? e.getMessage() : e.toString()));
    }
    return 1;
  }

  /** dpkg's database is a status file, a distroless status.d directory, or both; problems name the file. */
  private int readDpkg(HostRoot host, Snapshot.Builder snapshot) {
    try {
      var read = DpkgDatabase.read(host, budget);
      if (read.isEmpty()) {
        return 0;
      }
      // Its problems name their file already (status or one of status.d/).
      accept(snapshot, DPKG, "dpkg ", read.get());
    } catch (PackageBudget.Exceeded e) {
      snapshot.error(NAME, "dpkg " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      snapshot.error(NAME, "dpkg " + DpkgDatabase.STATUS_D + ": " + e);
    }
    return 1;
  }

  private static final Database DPKG = new Database("dpkg", "deb", DpkgDatabase.STATUS, null);
  /**
   * A database's packages are written whatever its problems (each is reported, named by
   * {@code prefix}); but only a database read to its end without a problem is the whole truth for its
   * type, so that a package it lacks was removed. One with a broken record is not (the broken record
   * may be a package still installed): none of its type is deleted until a clean read.
   */
  private static void accept(Snapshot.Builder snapshot, Database db, String prefix, ParseResult read) {
    snapshot.addPackages(read.packages());
    List<String> problems = read.problems();
    for (int i = 0; i < problems.size() && i < MAX_PROBLEMS; i++) {
      snapshot.error(NAME, prefix + problems.get(i));
    }
    if (problems.size() > MAX_PROBLEMS) {
      snapshot.error(NAME, prefix + (problems.size() - MAX_PROBLEMS) + " more problems");
    }
    if (problems.isEmpty()) {
      snapshot.complete(NAME + "/" + db.type());
    }
  }
}
