package io.reunir.agent.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where apk's database is found, and when its read counts as whole ({@code packages/apk}). */
class ApkDatabasePathsTest {
  @TempDir Path root;

  private static Snapshot collect(Path root) {
    var snapshot = Snapshot.builder("scan-1", Instant.EPOCH).collected(PackagesProbe.NAME);
    new PackagesProbe().collect(new HostRoot(root), snapshot);
    return snapshot.build();
  }

  private static Path realDatabase() {
    return SharedFixtures.dir("hosts/alpine-3.14").resolve("lib/apk/db/installed");
  }

  private Path database(String hostDir) throws IOException {
    return Files.createDirectories(root.resolve(hostDir)).resolve("installed");
  }

  /** The expected list was made with awk over the real file (see its header), not by this parser. */
  @Test
  void theRealAlpineHostYieldsItsExpectedPackages() throws IOException {
    List<String> expected = Files.readAllLines(Path.of("src/test/resources/packages/alpine-3.14-expected.tsv"))
        .stream().filter(l -> !l.startsWith("#")).toList();

    Snapshot snapshot = collect(SharedFixtures.dir("hosts/alpine-3.14"));

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages()).allSatisfy(p -> assertThat(p.type()).isEqualTo("apk"));
    assertThat(snapshot.packages().stream().map(PackagesProbeTest::tsv).sorted().toList())
        .containsExactlyElementsOf(expected);
    assertThat(snapshot.mayDelete(PackagesProbe.NAME, "apk")).isTrue();
    PackageRecord libssl = snapshot.packages().stream().filter(p -> p.name().equals("libssl1.1")).findFirst()
        .orElseThrow();
    assertThat(libssl.source()).isEqualTo("openssl");
    assertThat(libssl.release()).isEqualTo("r0");
  }

  @Test
  void aUsrMergedHostIsReadAtUsrLib() throws IOException {
    Files.copy(realDatabase(), database("usr/lib/apk/db"));

    Snapshot snapshot = collect(root);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages()).hasSize(26);
    assertThat(snapshot.mayDelete(PackagesProbe.NAME, "apk")).isTrue();
  }

  @Test
  void theSameFileThroughTheLibLinkIsReadOnce() throws IOException {
    Files.copy(realDatabase(), database("usr/lib/apk/db"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));

    Snapshot snapshot = collect(root);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages()).hasSize(26);
    assertThat(snapshot.mayDelete(PackagesProbe.NAME, "apk")).isTrue();
  }

  @Test
  void aSecondDifferentDatabaseIsReportedAndOnlyTheOneApkUsesIsRead() throws IOException {
    Files.writeString(database("lib/apk/db"), "P:musl\nV:1.2.5-r0\n\n");
    Files.writeString(database("usr/lib/apk/db"), "P:stale\nV:1.0-r0\n\n");

    Snapshot snapshot = collect(root);

    assertThat(snapshot.packages()).extracting(PackageRecord::name).containsExactly("musl");
    assertThat(snapshot.errors()).extracting(ProbeError::error).singleElement().asString()
        .contains("/usr/lib/apk/db/installed", "not read");
    assertThat(snapshot.mayDelete(PackagesProbe.NAME, "apk")).as("the one apk reads was read whole").isTrue();
  }

  @Test
  void aTruncatedDatabaseKeepsItsGoodPackagesButIsNotWhole() throws IOException {
    byte[] real = Files.readAllBytes(realDatabase());
    // Cut in the last block, just before its V: line: that package has a name and no version.
    String text = new String(real, java.nio.charset.StandardCharsets.ISO_8859_1);
    int lastBlock = text.lastIndexOf("\n\n", text.length() - 3) + 2;
    Files.write(database("lib/apk/db"), java.util.Arrays.copyOf(real, text.indexOf("\nV:", lastBlock) + 1));

    Snapshot snapshot = collect(root);

    assertThat(snapshot.packages()).hasSize(25);
    assertThat(snapshot.errors()).extracting(ProbeError::error).singleElement().asString()
        .contains("apk /lib/apk/db/installed", "no V:");
    assertThat(snapshot.mayDelete(PackagesProbe.NAME, "apk")).isFalse();
  }

  @Test
  void aBlockWithoutANameIsAnErrorAndTheReadIsNotWhole() throws IOException {
    Files.writeString(database("usr/lib/apk/db"), "P:musl\nV:1.2.5-r0\n\nV:9.9-r0\nA:x86_64\n\n");

    Snapshot snapshot = collect(root);

    assertThat(snapshot.packages()).extracting(PackageRecord::name).containsExactly("musl");
    assertThat(snapshot.errors()).extracting(ProbeError::error).singleElement().asString()
        .contains("apk /usr/lib/apk/db/installed", "no P:");
    assertThat(snapshot.mayDelete(PackagesProbe.NAME, "apk")).isFalse();
  }
}
