package io.reunir.agent.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.registry.Probes;
import io.reunir.agent.testing.HostTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackagesProbeTest {
  private static final Path HOSTS = Path.of("src/test/resources/hosts");

  static Snapshot collect(Path root) {
    var snapshot = Snapshot.builder("scan-1", Instant.EPOCH);
    new PackagesProbe().collect(new HostRoot(root), snapshot);
    return snapshot.build();
  }

  static String tsv(PackageRecord p) {
    return String.join("\t", p.name(), p.version(), p.architecture(), p.source(), p.sourceVersion(),
        Objects.toString(p.size(), ""));
  }

  /** Each expected file was made by the real tool (dpkg-query --admindir) or awk, not by this parser. */
  @ParameterizedTest
  @ValueSource(strings = {"debian12", "ubuntu2204", "debian12-upgrading", "distroless-debian12"})
  void fixtureHostYieldsItsExpectedPackages(String host) throws IOException {
    List<String> expected = Files.readAllLines(HOSTS.resolve(host).resolve("expected-packages.tsv"))
        .stream().filter(l -> !l.startsWith("#")).toList();

    Snapshot snapshot = collect(HOSTS.resolve(host));

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages().stream().map(PackagesProbeTest::tsv).sorted().toList())
        .containsExactlyElementsOf(expected);
  }

  /**
   * The rpm hosts' expected lists were printed by the real rpm tool (rpm -qa, see rpmdb/README); the
   * hosts assembled from the shared fixtures are in {@code RpmPackagesProbeTest}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"rhel9:rpmdb/rhel9"})
  void rpmHostYieldsWhatRpmLists(String hostAndExpected) throws IOException {
    String[] parts = hostAndExpected.split(":");
    List<String> expected = Files.readAllLines(Path.of("src/test/resources", parts[1], "expected.tsv"))
        .stream().map(l -> String.join("\t", List.of(l.split("\t")).subList(0, 3))).sorted().toList();

    Snapshot snapshot = collect(HOSTS.resolve(parts[0]));

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages()).allSatisfy(p -> assertThat(p.type()).isEqualTo("rpm"));
    assertThat(snapshot.packages().stream().map(p -> String.join("\t", p.name(), p.version(),
        Objects.toString(p.architecture(), "(none)"))).sorted().toList())
        .containsExactlyElementsOf(expected);
  }

  @Test
  void debianEpochReleaseAndSourceAreSplitOut() {
    var packages = collect(HOSTS.resolve("ubuntu2204")).packages();
    PackageRecord vim = packages.stream().filter(p -> p.name().equals("vim-tiny")).findFirst().orElseThrow();
    assertThat(vim.type()).isEqualTo("deb");
    assertThat(vim.epoch()).isEqualTo("2");
    assertThat(vim.release()).isEqualTo("1ubuntu2.15");
    assertThat(vim.source()).isEqualTo("vim");
    PackageRecord bash = packages.stream().filter(p -> p.name().equals("bash")).findFirst().orElseThrow();
    assertThat(bash.epoch()).isNull();
    assertThat(bash.release()).isEqualTo("6ubuntu1.1");
    // config-files and not-installed leave nothing on disk; a half-installed kernel does.
    assertThat(packages).extracting(PackageRecord::name)
        .doesNotContain("linux-image-5.15.0-91-generic", "snapd");
    assertThat(packages).filteredOn(p -> p.name().equals("linux-image-5.15.0-125-generic"))
        .extracting(PackageRecord::state).containsExactly("half-installed");
  }

  /** dpkg-query shows these as it, it, iW, iF, iU, iU, iHR, ri (DpkgQueryOracleIT asks it live). */
  @Test
  void aHostMidUpgradeKeepsEveryPackageWhoseFilesAreOnDiskWithItsState() {
    Snapshot snapshot = collect(HOSTS.resolve("debian12-upgrading"));
    var states = new java.util.TreeMap<String, String>();
    snapshot.packages().forEach(p -> states.put(p.name(), p.state()));

    assertThat(states).containsEntry("libc-bin", "triggers-pending").containsEntry("man-db", "triggers-pending")
        .containsEntry("coreutils", "triggers-awaited").containsEntry("openssl", "half-configured")
        .containsEntry("curl", "unpacked").containsEntry("libcurl4", "unpacked")
        .containsEntry("tzdata", "half-installed").containsEntry("bc", "installed")
        .containsEntry("libc6", "installed").doesNotContainKeys("mawk", "nano");
    assertThat(snapshot.complete()).containsExactly("packages/deb");
  }

  @Test
  void anExplicitZeroEpochIsPrintedAsDpkgPrintsItAndKeyedTheSame() {
    PackageRecord woff = collect(HOSTS.resolve("debian12-upgrading")).packages().stream()
        .filter(p -> p.name().equals("woff-tools")).findFirst().orElseThrow();
    assertThat(woff.version()).isEqualTo("2009.10.04-2+b1");
    assertThat(woff.epoch()).isNull();
    assertThat(woff.sourceVersion()).isEqualTo("2009.10.04-2");
    assertThat(io.reunir.contract.version.VersionKey.of(woff.type(), woff.version()))
        .isEqualTo(io.reunir.contract.version.DebVersionKey.of("0:2009.10.04-2+b1"))
        .isEqualTo(io.reunir.contract.version.DebVersionKey.of("2009.10.04-2+b1"));
  }

  @Test
  void aDistrolessStatusDirectoryIsReadWholeAndItsFileListsAreNot() {
    Snapshot snapshot = collect(HOSTS.resolve("distroless-debian12"));
    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages()).hasSize(7).allSatisfy(p -> {
      assertThat(p.type()).isEqualTo("deb");
      assertThat(p.state()).isEqualTo("installed");
    });
    assertThat(snapshot.complete()).containsExactly("packages/deb");
  }

  /** dpkg changes status after the image was built; nothing changes status.d, so status wins. */
  @Test
  void besideAStatusFileEachPackageCountsOnceAndStatusWins(@TempDir Path dir) throws IOException {
    Path root = HostTrees.materialize("distroless-debian12", dir);
    Files.writeString(root.resolve("var/lib/dpkg/status"), """
        Package: libc6
        Status: install ok installed
        Architecture: amd64
        Source: glibc
        Version: 2.36-9+deb12u15

        Package: bash
        Status: install ok installed
        Architecture: amd64
        Version: 5.2.15-2+b8

        Package: libc6
        Status: install ok installed
        Architecture: i386
        Source: glibc
        Version: 2.36-9+deb12u15

        """);

    Snapshot snapshot = collect(root);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages()).hasSize(9);
    assertThat(snapshot.packages()).filteredOn(p -> p.name().equals("libc6"))
        .extracting(PackageRecord::architecture, PackageRecord::version)
        .containsExactlyInAnyOrder(tuple("amd64", "2.36-9+deb12u15"), tuple("i386", "2.36-9+deb12u15"));
    assertThat(snapshot.complete()).containsExactly("packages/deb");
  }

  @Test
  void aBrokenStatusDFileIsAnErrorNamingItAndDebIsNotComplete(@TempDir Path dir) throws IOException {
    Path root = HostTrees.materialize("distroless-debian12", dir);
    Path statusD = root.resolve("var/lib/dpkg/status.d");
    Files.write(statusD.resolve("zlib1g"), "Package: zlib1g\nVersion: 1:1.2.13\u0000.dfsg-1\n"
        .getBytes(StandardCharsets.UTF_8));
    Files.writeString(statusD.resolve("libcrypt1"), "Package: libcrypt1\nVersion: 1:4.4.33-2\nArchit");

    Snapshot snapshot = collect(root);

    assertThat(snapshot.packages()).hasSize(7);
    assertThat(snapshot.errors()).extracting(ProbeError::error).containsExactly(
        "dpkg /var/lib/dpkg/status.d/libcrypt1: stanza at line 1 (libcrypt1): line 3 is not a 'Field: value'"
            + " line; skipped",
        "dpkg /var/lib/dpkg/status.d/zlib1g: stanza at line 1 (zlib1g): Version on line 2 has NUL byte;"
            + " skipped");
    assertThat(snapshot.complete()).doesNotContain("packages/deb");
  }

  @Test
  void whatIsNotAStanzaFileInStatusDIsSaidAndTwoImageRecordsThatDisagreeToo(@TempDir Path dir)
      throws IOException {
    Path root = HostTrees.materialize("distroless-debian12", dir);
    Path statusD = root.resolve("var/lib/dpkg/status.d");
    Files.createDirectories(statusD.resolve("extra"));
    Files.writeString(statusD.resolve("tzdata-copy"), "Package: tzdata\nVersion: 2024a-0+deb12u1\n"
        + "Architecture: all\n");

    Snapshot snapshot = collect(root);

    assertThat(snapshot.packages()).hasSize(7);
    assertThat(snapshot.packages()).filteredOn(p -> p.name().equals("tzdata"))
        .extracting(PackageRecord::version).containsExactly("2026b-0+deb12u1");
    assertThat(snapshot.errors()).extracting(ProbeError::error).containsExactly(
        "dpkg /var/lib/dpkg/status.d/extra is a directory, not a regular file",
        "dpkg /var/lib/dpkg/status.d/tzdata-copy: tzdata:all 2024a-0+deb12u1 is also in"
            + " /var/lib/dpkg/status.d/tzdata at 2026b-0+deb12u1; the first is kept");
    assertThat(snapshot.complete()).doesNotContain("packages/deb");
  }

  @Test
  void aDamagedDatabaseIsReportedAndTheOthersStillCount(@TempDir Path root) throws IOException {
    Path dpkg = Files.createDirectories(root.resolve("var/lib/dpkg")).resolve("status");
    Files.write(dpkg, ("Package: good\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n\n"
        + "Package: bad\nStatus: install ok installed\nVersion: 1.0\u0000evil\nArchitecture: amd64\n")
        .getBytes(StandardCharsets.UTF_8));
    Path apk = Files.createDirectories(root.resolve("lib/apk/db")).resolve("installed");
    Files.writeString(apk, "P:musl\nV:1.2.2-r3\nA:x86_64\n\n");

    Snapshot snapshot = collect(root);

    assertThat(snapshot.packages()).extracting(PackageRecord::name).containsExactly("good", "musl");
    assertThat(snapshot.errors()).extracting(ProbeError::error).singleElement().asString()
        .contains("/var/lib/dpkg/status", "(bad)", "NUL");
  }

  @Test
  void anUnreadableDatabaseIsAnErrorNotAnException(@TempDir Path root) throws IOException {
    // A status file that is a link to itself cannot be resolved: one error, apk still reports.
    Path dpkg = Files.createDirectories(root.resolve("var/lib/dpkg"));
    Files.createSymbolicLink(dpkg.resolve("status"), Path.of("/var/lib/dpkg/status"));
    Files.createDirectories(root.resolve("lib/apk/db"));
    Files.writeString(root.resolve("lib/apk/db/installed"), "P:busybox\nV:1.33.1-r3\n");

    Snapshot snapshot = collect(root);

    assertThat(snapshot.packages()).extracting(PackageRecord::name).containsExactly("busybox");
    assertThat(snapshot.errors()).extracting(ProbeError::error).singleElement().asString()
        .contains("dpkg /var/lib/dpkg/status", "symbolic links");
  }

  @Test
  void noDatabaseAtAllIsSaid(@TempDir Path root) {
    assertThat(collect(root).errors()).extracting(ProbeError::error).singleElement().asString()
        .contains("no package database found");
  }

  @Test
  void isRegisteredAndOnByDefault() {
    assertThat(Probes.known()).contains(PackagesProbe.NAME);
    assertThat(Probes.DEFAULT).contains(PackagesProbe.NAME);
  }
}
