package io.reunir.agent.probe.host.rpm;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.PackageBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The host's installed rpm packages, read from its rpm database without the rpm binary.
 *
 * <p>Where: {@code /var/lib/rpm} (the historic path, and on Fedora, SUSE and rpm-ostree hosts
 * often a link to one of the others), {@code /usr/lib/sysimage/rpm} (Fedora 36+, SUSE) and {@code
 * /usr/share/rpm} (rpm-ostree: Fedora CoreOS, RHCOS); links are resolved inside the host root. The
 * first of these directories that holds a database is the host's: a directory is one rpm
 * configuration's database path, and taking files from two would mix two configurations.
 *
 * <p>Which file: in that directory {@code rpmdb.sqlite}, then {@code Packages.db} (NDB), then
 * {@code Packages} (Berkeley DB), the order in which rpm itself picks a backend when its
 * configured one has no file. A converted host may keep the old file beside the live one; rpm's
 * conversions go from Berkeley DB to sqlite or NDB, never back, so the newer format wins.
 */
public final class RpmDatabase {
  public static final List<String> DIRECTORIES =
      List.of("/var/lib/rpm", "/usr/lib/sysimage/rpm", "/usr/share/rpm");

  /** The database files, in the order rpm prefers them, and how each is read. */
  public enum Format {
    SQLITE("sqlite", "rpmdb.sqlite"),
    NDB("ndb", "Packages.db"),
    BDB("bdb", "Packages");

    private final String label;
    private final String fileName;

    Format(String label, String fileName) {
      this.label = label;
      this.fileName = fileName;
    }

    public String fileName() {
      return fileName;
    }

    RpmBlobs readBlobs(Path file, PackageBudget budget) throws IOException {
      return switch (this) {
        case SQLITE -> RpmSqliteDatabase.readBlobs(file, budget);
        case NDB -> RpmNdbDatabase.readBlobs(file, budget);
        case BDB -> RpmBerkeleyDatabase.readBlobs(file, budget);
      };
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** A database found on the host: its host path (for messages), format and file to read. */
  public record Location(String hostPath, Format format, Path file) {}

  /**
   * Packages and the file ownership map, from one pass over the database, and one line per header
   * that had to be skipped (naming its position and why): a damaged record costs that package, not
   * the host's whole inventory.
   */
  public record Installed(
      List<PackageRecord> packages, RpmFileOwners owners, List<String> problems) {}

  private RpmDatabase() {}

  /**
   * Empty when the host has no rpm database; one that cannot be opened at all is an {@link
   * RpmFormatException}. Prefer {@link #read}, which also reports skipped records.
   */
  public static Optional<List<PackageRecord>> readInstalled(HostRoot host) throws IOException {
    return read(host).map(Installed::packages);
  }

  public static Optional<Installed> read(HostRoot host) throws IOException {
    Optional<Location> found = find(host);
    return found.isEmpty() ? Optional.empty() : Optional.of(read(found.get()));
  }

  /**
   * The host's database file, by the rules above. A database directory that holds files but none
   * of the three (an unknown backend, or rpm's index without its packages) is an error, not an
   * absence; so is a path that cannot be resolved.
   */
  public static Optional<Location> find(HostRoot host) throws IOException {
    for (String dir : DIRECTORIES) {
      for (Format format : Format.values()) {
        String hostPath = dir + "/" + format.fileName();
        Path file = host.resolve(hostPath);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          return Optional.of(new Location(hostPath, format, file));
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new RpmFormatException(hostPath + " is not a regular file");
        }
      }
      List<String> others = otherFiles(host.resolve(dir));
      if (!others.isEmpty()) {
        throw new RpmFormatException(dir + " holds " + String.join(", ", others)
            + " but no rpmdb.sqlite, Packages.db or Packages:"
            + " an unknown or incomplete rpm database");
      }
    }
    return Optional.empty();
  }

  /** Regular files in a database directory; rpm's lock and other dot files say nothing. */
  private static List<String> otherFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .map(f -> f.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .sorted()
          .limit(5)
          .toList();
    }
  }

  public static Installed read(Location db) throws IOException {
    return read(db, PackageBudget.forThisJvm());
  }

  /** Stops with {@link PackageBudget.Exceeded}, naming the file, when the database would not fit. */
  public static Installed read(Location db, PackageBudget budget) throws IOException {
    try {
      return fromBlobs(db.format().readBlobs(db.file(), budget));
    } catch (PackageBudget.Exceeded e) {
      throw e.in(db.hostPath(), db.file());
    }
  }

  /** Turns header blobs into packages; a damaged blob becomes a problem naming its position. */
  public static Installed fromBlobs(RpmBlobs read) {
    List<PackageRecord> packages = new ArrayList<>(read.blobs().size());
    List<String> problems = new ArrayList<>(read.problems());
    RpmFileOwners owners = new RpmFileOwners();
    for (RpmBlob blob : read.blobs()) {
      try {
        RpmHeader h = RpmHeader.parse(blob.bytes());
        PackageRecord p = toRecord(h);
        packages.add(p);
        try {
          owners.add(
              p.name(),
              h.strings(RpmHeader.DIRNAMES),
              h.ints(RpmHeader.DIRINDEXES),
              h.strings(RpmHeader.BASENAMES));
        } catch (RpmFormatException e) {
          // The package itself is sound; only its files cannot be attributed.
          problems.add(blob.where() + ": file list: " + e.getMessage());
        }
      } catch (RpmFormatException e) {
        problems.add(blob.where() + ": " + e.getMessage());
      }
    }
    return new Installed(List.copyOf(packages), owners, List.copyOf(problems));
  }

  static PackageRecord toRecord(RpmHeader h) throws RpmFormatException {
    String name =
        h.string(RpmHeader.NAME).orElseThrow(() -> new RpmFormatException("header has no NAME"));
    String version = h.string(RpmHeader.VERSION).orElse("");
    String release = h.string(RpmHeader.RELEASE).orElse("");
    // As rpm's %|EPOCH?{%{EPOCH}:}| does: an epoch is shown when the tag exists, even when 0.
    String epoch = h.firstInt(RpmHeader.EPOCH).map(String::valueOf).orElse(null);
    String evr = (epoch == null ? "" : epoch + ":") + version + "-" + release;
    Optional<Long> size = h.firstInt(RpmHeader.LONGSIZE);
    if (size.isEmpty()) {
      size = h.firstInt(RpmHeader.SIZE);
    }
    Instant installed = h.firstInt(RpmHeader.INSTALLTIME).map(Instant::ofEpochSecond).orElse(null);
    String source = null;
    String sourceVersion = null;
    Optional<String> sourceRpm = h.string(RpmHeader.SOURCERPM);
    if (sourceRpm.isPresent()) {
      String[] nvr = splitSourceRpm(sourceRpm.get());
      if (nvr != null) {
        source = nvr[0];
        // The source rpm's file name carries no epoch; it is built with the binary's.
        sourceVersion = (epoch == null ? "" : epoch + ":") + nvr[1];
      }
    }
    return new PackageRecord(
        "rpm",
        Bounded.text(name),
        Bounded.text(evr),
        Bounded.text(h.string(RpmHeader.ARCH).orElse(null)),
        epoch,
        Bounded.text(release),
        Bounded.text(source),
        Bounded.text(sourceVersion),
        size.orElse(null),
        installed,
        null);
  }

  /**
   * {@code util-linux-2.32.1-42.el8_8.src.rpm} to {@code [util-linux, 2.32.1-42.el8_8]}; null when
   * the name does not have that shape.
   */
  static String[] splitSourceRpm(String file) {
    String base;
    if (file.endsWith(".src.rpm")) {
      base = file.substring(0, file.length() - ".src.rpm".length());
    } else if (file.endsWith(".nosrc.rpm")) {
      base = file.substring(0, file.length() - ".nosrc.rpm".length());
    } else {
      return null;
    }
    int releaseDash = base.lastIndexOf('-');
    int versionDash = releaseDash <= 0 ? -1 : base.lastIndexOf('-', releaseDash - 1);
    if (versionDash <= 0) {
      return null;
    }
    return new String[] {base.substring(0, versionDash), base.substring(versionDash + 1)};
  }
}
