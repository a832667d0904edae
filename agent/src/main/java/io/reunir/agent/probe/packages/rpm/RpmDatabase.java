package io.reunir.agent.probe.packages.rpm;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.packages.PackageBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host's installed rpm packages, read from its rpm database without the rpm binary. Looks in
 * {@code /var/lib/rpm} and {@code /usr/lib/sysimage/rpm} (Fedora links one to the other; links are
 * resolved inside the host root) and prefers {@code rpmdb.sqlite} over the Berkeley DB {@code
 * Packages} file, because a converted host may keep a stale {@code Packages} beside the live
 * sqlite.
 */
public final class RpmDatabase {
  public static final List<String> DIRECTORIES = List.of("/var/lib/rpm", "/usr/lib/sysimage/rpm");

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
    return read(host, PackageBudget.forThisJvm());
  }

  /** Stops with {@link PackageBudget.Exceeded} when the database would not fit the budget. */
  public static Optional<Installed> read(HostRoot host, PackageBudget budget) throws IOException {
    for (String name : List.of("rpmdb.sqlite", "Packages")) {
      for (String dir : DIRECTORIES) {
        Path file = host.resolve(dir + "/" + name);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          HostRoot.checkRegular(file, dir + "/" + name);
          RpmBlobs blobs;
          try {
            blobs = name.equals("Packages")
                ? RpmBerkeleyDatabase.readBlobs(file, budget)
                : RpmSqliteDatabase.readBlobs(file, budget);
          } catch (PackageBudget.Exceeded e) {
            throw e.in(dir + "/" + name);
          }
          return Optional.of(fromBlobs(blobs));
        }
      }
    }
    return Optional.empty();
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
        installed);
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
