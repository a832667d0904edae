package io.reunir.agent.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.host.rpm.RpmFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages probe on rpm hosts assembled from the real databases in ../shared/fixtures: what is
 * read whole is complete, what is damaged or unknown is an error naming the file and the format,
 * beside the other managers' databases too.
 */
class RpmPackagesProbeTest {
  private static final String DPKG_STATUS =
      "Package: base-files\nStatus: install ok installed\nVersion: 12.4\nArchitecture: amd64\n\n";

  private static Path sle15Host(Path root) throws IOException {
    // SUSE's layout: the database in /usr/lib/sysimage/rpm, /var/lib/rpm a link to it.
    RpmFixtures.install(root, "usr/lib/sysimage/rpm", RpmFixtures.sle15());
    Files.createDirectories(root.resolve("var/lib"));
    Files.createSymbolicLink(root.resolve("var/lib/rpm"), Path.of("../../usr/lib/sysimage/rpm"));
    return root;
  }

  private static void dpkgStatus(Path root) throws IOException {
    Files.writeString(Files.createDirectories(root.resolve("var/lib/dpkg")).resolve("status"),
        DPKG_STATUS);
  }

  private static List<String> rpmLines(Snapshot snapshot) {
    return RpmFixtures.lines(
        snapshot.packages().stream().filter(p -> p.type().equals("rpm")).toList());
  }

  private static List<String> errors(Snapshot snapshot) {
    return snapshot.errors().stream().map(ProbeError::error).toList();
  }

  @Test
  void ndbAloneIsReadWhole(@TempDir Path root) throws IOException {
    Snapshot snapshot = PackagesProbeTest.collect(sle15Host(root));

    assertThat(snapshot.errors()).isEmpty();
    assertThat(rpmLines(snapshot)).containsExactlyElementsOf(
        RpmFixtures.expected(RpmFixtures.sle15().resolveSibling("expected.tsv")));
    assertThat(snapshot.complete()).containsExactly("packages/rpm");
  }

  @Test
  void ndbBesideADpkgStatusKeepsBoth(@TempDir Path root) throws IOException {
    sle15Host(root);
    dpkgStatus(root);

    Snapshot snapshot = PackagesProbeTest.collect(root);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(rpmLines(snapshot)).hasSize(35);
    assertThat(snapshot.packages()).filteredOn(p -> p.type().equals("deb"))
        .extracting(PackageRecord::name).containsExactly("base-files");
    assertThat(snapshot.complete()).containsExactlyInAnyOrder("packages/deb", "packages/rpm");
  }

  @Test
  void amazonLinuxLikeHostYieldsWhatRpmLists(@TempDir Path root) throws IOException {
    Snapshot snapshot = PackagesProbeTest.collect(RpmFixtures.amazonLinux2(root));

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages().stream()
        .map(p -> String.join("\t", p.name(), p.version(), Objects.toString(p.architecture())))
        .toList())
        .containsExactly("libuuid\t2.32.1-42.el8_8\tx86_64");
    assertThat(snapshot.complete()).containsExactly("packages/rpm");
  }

  @Test
  void rpmOstreeHostIsReadFromUsrShareRpm(@TempDir Path root) throws IOException {
    RpmFixtures.install(root, "usr/share/rpm", RpmFixtures.mariner());

    Snapshot snapshot = PackagesProbeTest.collect(root);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(rpmLines(snapshot)).containsExactlyElementsOf(
        RpmFixtures.expected(RpmFixtures.mariner().resolveSibling("expected.tsv")));
    assertThat(snapshot.complete()).containsExactly("packages/rpm");
  }

  @Test
  void aDamagedNdbBlobIsAnErrorItsOtherPackagesStillCount(@TempDir Path root) throws IOException {
    sle15Host(root);
    dpkgStatus(root);
    Path db = root.resolve("usr/lib/sysimage/rpm/Packages.db");
    byte[] bytes = Files.readAllBytes(db);
    int firstBlob = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(40) * 16;
    bytes[firstBlob + 100] ^= 1;
    Files.write(db, bytes);

    Snapshot snapshot = PackagesProbeTest.collect(root);

    assertThat(errors(snapshot)).singleElement().asString()
        .startsWith("rpm /var/lib/rpm/Packages.db: package 1 (slot 2): blob checksum mismatch");
    assertThat(rpmLines(snapshot)).hasSize(34);
    assertThat(snapshot.complete()).as("rpm not read whole").containsExactly("packages/deb");
  }

  @Test
  void anUnreadableNdbFileBesideADpkgStatusIsAnErrorNamingFileAndFormat(@TempDir Path root)
      throws IOException {
    sle15Host(root);
    dpkgStatus(root);
    Path db = root.resolve("usr/lib/sysimage/rpm/Packages.db");
    Files.write(db, Arrays.copyOf(Files.readAllBytes(db), 20));

    Snapshot snapshot = PackagesProbeTest.collect(root);

    assertThat(errors(snapshot)).singleElement().asString()
        .isEqualTo("rpm /var/lib/rpm/Packages.db: ndb: the file header is cut short by the end of "
            + "the 20-byte file");
    assertThat(snapshot.packages()).extracting(PackageRecord::type).containsExactly("deb");
    assertThat(snapshot.complete()).containsExactly("packages/deb");
  }

  @Test
  void aFileOfAnotherFormatIsAnErrorNamingTheFormatExpected(@TempDir Path root)
      throws IOException {
    // A Berkeley DB file where NDB's name is: the bytes are not NDB.
    Path dir = Files.createDirectories(root.resolve("usr/lib/sysimage/rpm"));
    Files.copy(RpmFixtures.rhel8(), dir.resolve("Packages.db"));

    Snapshot snapshot = PackagesProbeTest.collect(root);

    assertThat(errors(snapshot)).singleElement().asString()
        .isEqualTo("rpm /usr/lib/sysimage/rpm/Packages.db: ndb: not an NDB package database "
            + "(bad magic)");
    assertThat(snapshot.packages()).isEmpty();
    assertThat(snapshot.complete()).isEmpty();
  }

  @Test
  void anUnknownRpmDatabaseIsAnErrorNotAnAbsence(@TempDir Path root) throws IOException {
    dpkgStatus(root);
    Path dir = Files.createDirectories(root.resolve("usr/lib/sysimage/rpm"));
    Files.write(dir.resolve("Index.db"), new byte[4096]);

    Snapshot snapshot = PackagesProbeTest.collect(root);

    assertThat(errors(snapshot)).singleElement().asString()
        .startsWith("rpm /usr/lib/sysimage/rpm holds Index.db but no rpmdb.sqlite");
    assertThat(snapshot.complete()).containsExactly("packages/deb");
  }
}
