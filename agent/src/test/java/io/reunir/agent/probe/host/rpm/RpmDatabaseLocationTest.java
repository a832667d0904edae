package io.reunir.agent.probe.host.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.probe.HostRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where each distribution keeps its rpm database, and which file wins when several are present.
 * Host trees are assembled at test time from the real databases in ../shared/fixtures.
 */
class RpmDatabaseLocationTest {
  /** Package count of each real database, as in its expected.tsv. */
  private static final Map<RpmDatabase.Format, Integer> COUNTS =
      Map.of(RpmDatabase.Format.SQLITE, 129, RpmDatabase.Format.NDB, 35, RpmDatabase.Format.BDB, 1);

  private static Path real(RpmDatabase.Format format) {
    return switch (format) {
      case SQLITE -> RpmFixtures.mariner();
      case NDB -> RpmFixtures.sle15();
      case BDB -> RpmFixtures.rhel8();
    };
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource({
    "var/lib/rpm, SQLITE", "var/lib/rpm, NDB", "var/lib/rpm, BDB",
    "usr/lib/sysimage/rpm, SQLITE", "usr/lib/sysimage/rpm, NDB", "usr/lib/sysimage/rpm, BDB",
    "usr/share/rpm, SQLITE", "usr/share/rpm, NDB", "usr/share/rpm, BDB"
  })
  void everyFormatIsFoundInEveryDirectory(
      String dir, RpmDatabase.Format format, @TempDir Path root) throws Exception {
    RpmFixtures.install(root, dir, real(format));

    var location = RpmDatabase.find(new HostRoot(root)).orElseThrow();
    var installed = RpmDatabase.read(location);

    assertThat(location.hostPath()).isEqualTo("/" + dir + "/" + format.fileName());
    assertThat(location.format()).isEqualTo(format);
    assertThat(installed.problems()).isEmpty();
    assertThat(installed.packages()).hasSize(COUNTS.get(format));
  }

  /** rpm-ostree (Fedora CoreOS, RHCOS): the database only in the image's /usr/share/rpm. */
  @Test
  void rpmOstreeHostWithoutVarLibRpmIsRead(@TempDir Path root) throws Exception {
    RpmFixtures.install(root, "usr/share/rpm", RpmFixtures.mariner());
    Files.createDirectories(root.resolve("var/lib"));

    assertThat(RpmDatabase.readInstalled(new HostRoot(root)).orElseThrow()).hasSize(129);
  }

  @Test
  void relativeLinkFromVarLibRpmIsFollowedInsideTheRoot(@TempDir Path root) throws Exception {
    RpmFixtures.install(root, "usr/share/rpm", RpmFixtures.sle15());
    Files.createDirectories(root.resolve("var/lib"));
    Files.createSymbolicLink(root.resolve("var/lib/rpm"), Path.of("../../usr/share/rpm"));

    var location = RpmDatabase.find(new HostRoot(root)).orElseThrow();

    assertThat(location.hostPath()).isEqualTo("/var/lib/rpm/Packages.db");
    assertThat(location.file()).isEqualTo(root.resolve("usr/share/rpm/Packages.db"));
    assertThat(RpmDatabase.read(location).packages()).hasSize(35);
  }

  @Test
  void absoluteLinkFromVarLibRpmStaysInsideTheRoot(@TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("host"));
    RpmFixtures.install(root, "usr/share/rpm", RpmFixtures.rhel8());
    Files.createDirectories(root.resolve("var/lib"));
    // Outside the root the same absolute path holds another database: it must not be the one read.
    Files.createSymbolicLink(root.resolve("var/lib/rpm"), Path.of("/usr/share/rpm"));

    var location = RpmDatabase.find(new HostRoot(root)).orElseThrow();

    assertThat(location.file()).isEqualTo(root.resolve("usr/share/rpm/Packages"));
    assertThat(RpmFixtures.lines(RpmDatabase.read(location).packages()))
        .containsExactly("libuuid\t2.32.1-42.el8_8\tx86_64\tutil-linux-2.32.1-42.el8_8.src.rpm");
  }

  /** rpm's own detection order: sqlite, then NDB, then Berkeley DB. */
  @Test
  void inOneDirectorySqliteWinsThenNdbThenBerkeleyDb(@TempDir Path root) throws Exception {
    String dir = "usr/lib/sysimage/rpm";
    RpmFixtures.install(root, dir, RpmFixtures.rhel8());
    assertThat(RpmDatabase.find(new HostRoot(root)).orElseThrow().format())
        .isEqualTo(RpmDatabase.Format.BDB);
    RpmFixtures.install(root, dir, RpmFixtures.sle15());
    assertThat(RpmDatabase.find(new HostRoot(root)).orElseThrow().format())
        .isEqualTo(RpmDatabase.Format.NDB);
    RpmFixtures.install(root, dir, RpmFixtures.mariner());
    assertThat(RpmDatabase.find(new HostRoot(root)).orElseThrow().format())
        .isEqualTo(RpmDatabase.Format.SQLITE);
  }

  /** A directory is one configuration's database path; files of two are never mixed. */
  @Test
  void theFirstDirectoryHoldingADatabaseWins(@TempDir Path root) throws Exception {
    RpmFixtures.install(root, "usr/share/rpm", RpmFixtures.mariner());
    RpmFixtures.install(root, "usr/lib/sysimage/rpm", RpmFixtures.sle15());
    assertThat(RpmDatabase.find(new HostRoot(root)).orElseThrow().hostPath())
        .isEqualTo("/usr/lib/sysimage/rpm/Packages.db");
    RpmFixtures.install(root, "var/lib/rpm", RpmFixtures.rhel8());
    assertThat(RpmDatabase.find(new HostRoot(root)).orElseThrow().hostPath())
        .isEqualTo("/var/lib/rpm/Packages");
  }

  @Test
  void emptyDatabaseDirectoriesAreNoDatabase(@TempDir Path root) throws Exception {
    for (String dir : RpmDatabase.DIRECTORIES) {
      Files.createDirectories(root.resolve(dir.substring(1)));
    }
    Files.write(root.resolve("var/lib/rpm/.rpm.lock"), new byte[0]); // rpm's lock says nothing
    assertThat(RpmDatabase.find(new HostRoot(root))).isEmpty();
  }

  @Test
  void aDirectoryWithRpmFilesButNoPackagesIsAnError(@TempDir Path root) throws Exception {
    // NDB's index without its package file: the headers are gone, not absent.
    Path dir = Files.createDirectories(root.resolve("usr/lib/sysimage/rpm"));
    Files.write(dir.resolve("Index.db"), new byte[4096]);
    assertThatThrownBy(() -> RpmDatabase.find(new HostRoot(root)))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("/usr/lib/sysimage/rpm holds Index.db")
        .hasMessageContaining("unknown or incomplete rpm database");
  }

  @Test
  void aDatabaseNameThatIsNotAFileIsAnError(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("var/lib/rpm/Packages.db"));
    assertThatThrownBy(() -> RpmDatabase.find(new HostRoot(root)))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("/var/lib/rpm/Packages.db is not a regular file");
  }
}
