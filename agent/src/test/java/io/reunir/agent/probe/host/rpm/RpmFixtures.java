package io.reunir.agent.probe.host.rpm;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.testing.HostTrees;
import io.reunir.agent.testing.SharedFixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test resources and the rendering used to compare with rpm's own {@code -qa} output. */
public final class RpmFixtures {
  private RpmFixtures() {}

  public static Path resource(String name) {
    try {
      return Path.of(RpmFixtures.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path mariner() {
    return SharedFixtures.rpmdb("cbl-mariner-2.0/rpmdb.sqlite");
  }

  public static Path rhel8() {
    return SharedFixtures.rpmdb("rhel8-bdb/Packages");
  }

  public static Path sle15() {
    return SharedFixtures.rpmdb("sle15-bci-ndb/Packages.db");
  }

  /**
   * The Amazon-Linux-2-like fixture host in {@code dir}: its files from {@code hosts/amazonlinux2},
   * its Berkeley DB database (the real RHEL 8 one, same hash format) copied in from the shared
   * fixtures.
   */
  public static Path amazonLinux2(Path dir) throws IOException {
    HostTrees.materialize("amazonlinux2", dir);
    return install(dir, "var/lib/rpm", rhel8());
  }

  /** Copies a real database file into {@code root}'s {@code dir}; returns {@code root}. */
  public static Path install(Path root, String dir, Path database) throws IOException {
    Path to = Files.createDirectories(root.resolve(dir));
    Files.copy(database, to.resolve(database.getFileName()));
    return root;
  }

  public static List<String> expected(Path tsv) throws IOException {
    return Files.readAllLines(tsv).stream().filter(l -> !l.isBlank()).sorted().toList();
  }

  /** The line {@code rpm -qa --qf '%{NAME}\t[E:]V-R\t%{ARCH}\t%{SOURCERPM}\n'} prints. */
  public static String line(PackageRecord p) {
    String sourceRpm = "(none)";
    if (p.source() != null) {
      String v = p.sourceVersion();
      String withoutEpoch = v.substring(v.indexOf(':') + 1);
      sourceRpm = p.source() + "-" + withoutEpoch + ".src.rpm";
    }
    String arch = p.architecture() == null ? "(none)" : p.architecture();
    return p.name() + "\t" + p.version() + "\t" + arch + "\t" + sourceRpm;
  }

  public static List<String> lines(List<PackageRecord> packages) {
    return packages.stream().map(RpmFixtures::line).sorted().toList();
  }
}
