package io.reunir.agent.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probes;
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
  @ValueSource(strings = {"debian12", "ubuntu2204"})
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
    assertThat(packages).extracting(PackageRecord::name)
        .doesNotContain("linux-image-5.15.0-91-generic", "linux-image-5.15.0-125-generic", "snapd");
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
