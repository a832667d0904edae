package io.reunir.agent.probe.host.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.testing.HostTrees;
import io.reunir.agent.testing.SharedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real databases (go-rpmdb test data, MIT, read in place from ../shared/fixtures/rpmdb) must yield
 * exactly what rpm printed for them.
 */
class RpmDatabaseTest {
  @Test
  void sqliteDatabaseYieldsExactlyWhatRpmPrints() throws Exception {
    Path dir = SharedFixtures.rpmdb("cbl-mariner-2.0");
    List<String> before = listing(dir);
    var installed = RpmDatabase.fromBlobs(RpmSqliteDatabase.readBlobs(dir.resolve("rpmdb.sqlite")));
    assertThat(installed.problems()).isEmpty();

    assertThat(installed.packages()).hasSize(129);
    assertThat(RpmFixtures.lines(installed.packages()))
        .containsExactlyElementsOf(RpmFixtures.expected(dir.resolve("expected.tsv")));
    assertThat(listing(dir)).as("nothing written beside the database").isEqualTo(before);
  }

  @Test
  void berkeleyDatabaseYieldsExactlyWhatRpmPrints() throws Exception {
    Path dir = SharedFixtures.rpmdb("rhel8-bdb");
    var installed = RpmDatabase.fromBlobs(RpmBerkeleyDatabase.readBlobs(dir.resolve("Packages")));
    assertThat(installed.problems()).isEmpty();

    assertThat(RpmFixtures.lines(installed.packages()))
        .containsExactlyElementsOf(RpmFixtures.expected(dir.resolve("expected.tsv")));
    PackageRecord p = installed.packages().get(0);
    assertThat(p.type()).isEqualTo("rpm");
    assertThat(p.source()).isEqualTo("util-linux");
    assertThat(p.sourceVersion()).isEqualTo("2.32.1-42.el8_8");
    assertThat(p.release()).isEqualTo("42.el8_8");
    assertThat(p.epoch()).isNull();
    assertThat(p.size()).isPositive();
    assertThat(p.installed()).isNotNull();
    assertThat(installed.owners().owner("/usr/lib64/libuuid.so.1")).contains("libuuid");
  }

  /**
   * The 129 real Mariner headers in a Berkeley DB hash file made by db_load and checked with rpm's
   * own bdb_ro backend (src/test/fixtures-src/bdb/make-packages.sh): inline and overflow items.
   */
  @Test
  void multiPackageBerkeleyDatabaseYieldsWhatRpmPrints() throws Exception {
    Path dir = RpmFixtures.resource("rpmdb/mariner-bdb");
    var installed = RpmDatabase.fromBlobs(RpmBerkeleyDatabase.readBlobs(dir.resolve("Packages")));
    assertThat(installed.problems()).isEmpty();

    assertThat(installed.packages()).hasSize(129);
    assertThat(RpmFixtures.lines(installed.packages()))
        .containsExactlyElementsOf(RpmFixtures.expected(dir.resolve("expected.tsv")));
    assertThat(installed.owners().owner("/bin/bash")).contains("bash");
  }

  @Test
  void bigEndianBerkeleyDatabaseYieldsWhatRpmPrints() throws Exception {
    Path dir = RpmFixtures.resource("rpmdb/mariner-bdb-be");
    var installed = RpmDatabase.fromBlobs(RpmBerkeleyDatabase.readBlobs(dir.resolve("Packages")));
    assertThat(installed.problems()).isEmpty();

    assertThat(installed.packages()).hasSize(12);
    assertThat(RpmFixtures.lines(installed.packages()))
        .containsExactlyElementsOf(RpmFixtures.expected(dir.resolve("expected.tsv")));
  }

  @Test
  void epochIsKeptApartAndInTheVersion() throws Exception {
    Path dir = SharedFixtures.rpmdb("cbl-mariner-2.0");
    var packages =
        RpmDatabase.fromBlobs(RpmSqliteDatabase.readBlobs(dir.resolve("rpmdb.sqlite"))).packages();
    PackageRecord ca =
        packages.stream().filter(p -> p.name().equals("ca-certificates-base")).findFirst().get();
    assertThat(ca.epoch()).isEqualTo("1");
    assertThat(ca.version()).isEqualTo("1:2.0.0-1.cm2");
    assertThat(ca.source()).isEqualTo("ca-certificates");
    assertThat(ca.sourceVersion()).isEqualTo("1:2.0.0-1.cm2");
  }

  @Test
  void fileOwnersComeFromTheFileLists() throws Exception {
    Path dir = SharedFixtures.rpmdb("cbl-mariner-2.0");
    var owners =
        RpmDatabase.fromBlobs(RpmSqliteDatabase.readBlobs(dir.resolve("rpmdb.sqlite"))).owners();
    assertThat(owners.owner("/bin/bash")).contains("bash");
    assertThat(owners.owner("/sbin/ldconfig")).contains("glibc");
    assertThat(owners.owner("/bin/no-such-program")).isEmpty();
    assertThat(owners.size()).isGreaterThan(1000);
  }

  /** SUSE's NDB backend: the real SLE 15 BCI database, against the list rpm printed on SUSE. */
  @Test
  void ndbDatabaseYieldsExactlyTheExpectedList() throws Exception {
    Path dir = SharedFixtures.rpmdb("sle15-bci-ndb");
    List<String> before = listing(dir);
    var installed = RpmDatabase.fromBlobs(RpmNdbDatabase.readBlobs(dir.resolve("Packages.db")));
    assertThat(installed.problems()).isEmpty();

    assertThat(installed.packages()).hasSize(35);
    assertThat(RpmFixtures.lines(installed.packages()))
        .containsExactlyElementsOf(RpmFixtures.expected(dir.resolve("expected.tsv")));
    PackageRecord readline =
        installed.packages().stream()
            .filter(p -> p.name().equals("libreadline7"))
            .findFirst()
            .orElseThrow();
    assertThat(readline.source()).isEqualTo("bash");
    assertThat(readline.release()).isEqualTo("19.6.1");
    assertThat(readline.installed()).isNotNull();
    assertThat(installed.owners().owner("/bin/bash")).contains("bash");
    assertThat(listing(dir)).as("nothing written beside the database").isEqualTo(before);
  }

  @Test
  void amazonLinuxLikeHostIsFoundThroughTheHostRoot(@TempDir Path root) throws Exception {
    var packages = RpmDatabase.readInstalled(new HostRoot(RpmFixtures.amazonLinux2(root)));
    assertThat(packages).isPresent();
    assertThat(RpmFixtures.lines(packages.get()))
        .containsExactly("libuuid\t2.32.1-42.el8_8\tx86_64\tutil-linux-2.32.1-42.el8_8.src.rpm");
  }

  /** hosts/rhel9 was made by the real rpm tool: see src/test/fixtures-src/rhel9/make-rpmdb.sh. */
  @Test
  void rhelLikeHostBuiltWithRpmYieldsWhatRpmPrints() throws Exception {
    Path hostDir = RpmFixtures.resource("hosts/rhel9");
    Path dbDir = hostDir.resolve("usr/lib/sysimage/rpm");
    List<String> before = listing(dbDir);
    var installed = RpmDatabase.read(new HostRoot(hostDir)).orElseThrow();
    assertThat(installed.problems()).isEmpty();

    Path expected = RpmFixtures.resource("rpmdb/rhel9");
    assertThat(RpmFixtures.lines(installed.packages()))
        .containsExactlyElementsOf(RpmFixtures.expected(expected.resolve("expected.tsv")));
    for (String line : RpmFixtures.expected(expected.resolve("expected-files.tsv"))) {
      String[] pathAndOwner = line.split("\t");
      assertThat(installed.owners().owner(pathAndOwner[0])).as(line).contains(pathAndOwner[1]);
    }
    PackageRecord daemon =
        installed.packages().stream()
            .filter(p -> p.name().equals("reunir-daemon"))
            .findFirst()
            .orElseThrow();
    assertThat(daemon.epoch()).isEqualTo("2");
    assertThat(daemon.release()).isEqualTo("3.el9");
    assertThat(daemon.source()).isEqualTo("reunir-daemon");
    assertThat(daemon.sourceVersion()).isEqualTo("2:1.0~rc1-3.el9");
    assertThat(listing(dbDir)).as("nothing written beside the database").isEqualTo(before);
  }

  @Test
  void hostWithoutRpmDatabaseIsEmpty(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("var/lib/rpm"));
    assertThat(RpmDatabase.readInstalled(new HostRoot(root))).isEmpty();
  }

  @Test
  void sqliteIsPreferredAndLinksResolveInsideTheRoot(@TempDir Path root) throws Exception {
    Path sysimage = Files.createDirectories(root.resolve("usr/lib/sysimage/rpm"));
    Files.copy(
        RpmFixtures.mariner(),
        sysimage.resolve("rpmdb.sqlite"));
    Files.copy(RpmFixtures.rhel8(), sysimage.resolve("Packages"));
    Files.createDirectories(root.resolve("var/lib"));
    // Fedora's layout: an absolute link that must resolve inside the host root.
    Files.createSymbolicLink(root.resolve("var/lib/rpm"), Path.of("/usr/lib/sysimage/rpm"));

    assertThat(RpmDatabase.readInstalled(new HostRoot(root)).orElseThrow()).hasSize(129);
  }

  @Test
  void ownerIsFoundThroughMergedUsrLinksBothWays(@TempDir Path root) throws Exception {
    // Mariner's bash lists /bin/bash; on a merged-/usr host /proc/PID/exe shows /usr/bin/bash.
    Path dir = Files.createDirectories(root.resolve("var/lib/rpm"));
    Files.copy(
        RpmFixtures.mariner(), dir.resolve("rpmdb.sqlite"));
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("usr/sbin"));
    Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
    Files.createSymbolicLink(root.resolve("sbin"), Path.of("/usr/sbin"));
    HostRoot host = new HostRoot(root);
    RpmFileOwners owners = RpmDatabase.read(host).orElseThrow().owners();

    assertThat(owners.owner("/usr/bin/bash")).as("not listed under that name").isEmpty();
    assertThat(owners.owner(host, "/usr/bin/bash")).contains("bash");
    assertThat(owners.owner(host, "/bin/bash")).contains("bash");
    assertThat(owners.owner(host, "/usr/sbin/ldconfig")).contains("glibc");
    assertThat(owners.owner(host, "/usr/bin/no-such-program")).isEmpty();
    assertThat(owners.owner(host, "/etc/bash")).isEmpty();
  }

  @Test
  void hostRootWithUriSpecialCharactersIsOpened(@TempDir Path tmp) throws Exception {
    // The database is opened through a SQLite URI: spaces, '?', '#' and '%' must not cut it short.
    Path root = tmp.resolve("host root?#%41");
    Path dir = Files.createDirectories(root.resolve("var/lib/rpm"));
    Files.copy(
        RpmFixtures.mariner(), dir.resolve("rpmdb.sqlite"));
    assertThat(RpmDatabase.readInstalled(new HostRoot(root)).orElseThrow()).hasSize(129);
    assertThat(listing(dir)).containsExactly("rpmdb.sqlite");
  }

  static List<String> listing(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
