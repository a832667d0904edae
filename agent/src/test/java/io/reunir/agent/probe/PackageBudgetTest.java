package io.reunir.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.probe.host.ApkInstalledParser;
import io.reunir.agent.probe.packages.DpkgStatusParser;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageBudgetTest {
  /** {@code Runtime.maxMemory()} of a JDK 17 with the image's {@code -Xmx48m -XX:+UseSerialGC}. */
  private static final long IMAGE_HEAP = 48_693_248L;

  @Test
  void theImagesHeapStillTakesTheLargestCycleItIsKnownToHoldAndADefaultHeapTheBenchStatus() {
    // bench/PROFILES.md: 20,000 packages run under the image's flags; the bench status has 63,666.
    assertThat(PackageBudget.forHeap(IMAGE_HEAP).maxPackages()).isBetween(20_000, 29_999);
    assertThat(PackageBudget.forHeap(256L << 20).maxPackages()).isGreaterThan(63_666);
    assertThat(PackageBudget.forHeap(1L << 20).maxPackages()).isEqualTo(PackageBudget.MIN_PACKAGES);
  }

  @Test
  void collectUnderTheImagesHeapStillReadsTheBenchStatusButNotAMillionStanzas() {
    // collect writes each document as it renders it: the 63,681-stanza bench status fits in 48 MiB
    // (bench/run.sh measures it under the image's flags), a 1,000,000-stanza one does not.
    int packages = PackageBudget.forCollect(IMAGE_HEAP).maxPackages();
    assertThat(packages).isBetween(63_681, 999_999);
    assertThat(packages).isGreaterThan(PackageBudget.forHeap(IMAGE_HEAP).maxPackages());
  }

  @Test
  void aStatusWithMorePackagesThanTheBudgetStopsWithOneErrorSayingWhatToRaise() throws Exception {
    var budget = new PackageBudget(IMAGE_HEAP, 3, 1 << 20);

    assertThat(DpkgStatusParser.parse(status(3), DpkgStatusParser.Mode.STATUS, budget).packages())
        .hasSize(3);
    assertThatThrownBy(() -> DpkgStatusParser.parse(status(4), DpkgStatusParser.Mode.STATUS, budget))
        .isInstanceOf(PackageBudget.Exceeded.class)
        .hasMessageStartingWith("holds more than 3 packages, more than this agent's 46 MiB heap holds")
        .hasMessageContaining("raise the pod's memory limit and -Xmx");
  }

  @Test
  void brokenStanzasCountAgainstTheBudgetToo() {
    var budget = new PackageBudget(IMAGE_HEAP, 3, 1 << 20);
    String broken = "Package: a\nPackage: a\nStatus: install ok installed\nVersion: 1\n\n".repeat(4);

    assertThatThrownBy(() -> DpkgStatusParser.parse(
        new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8)), DpkgStatusParser.Mode.STATUS,
        budget)).isInstanceOf(PackageBudget.Exceeded.class);
  }

  @Test
  void anApkDatabaseOverTheBudgetIsRefusedToo() {
    var budget = new PackageBudget(IMAGE_HEAP, 2, 1 << 20);
    String installed = "P:a\nV:1-r0\nA:x86_64\n\nP:b\nV:1-r0\nA:x86_64\n\nP:c\nV:1-r0\nA:x86_64\n\n";

    assertThatThrownBy(() -> ApkInstalledParser.parse(
        new ByteArrayInputStream(installed.getBytes(StandardCharsets.UTF_8)), budget))
        .isInstanceOf(PackageBudget.Exceeded.class).hasMessageContaining("more than 2 packages");
  }

  @Test
  void theProbeKeepsTheInventoryAsItWasWhenTheStatusDoesNotFit(@TempDir Path dir) throws Exception {
    Path status = dir.resolve("var/lib/dpkg/status");
    Files.createDirectories(status.getParent());
    Files.write(status, status(5).readAllBytes());
    var snapshot = Snapshot.builder("scan", Instant.EPOCH).collected("packages");

    new PackagesProbe(new PackageBudget(IMAGE_HEAP, 4, 1 << 20)).collect(new HostRoot(dir), snapshot);

    var built = snapshot.build();
    assertThat(built.packages()).isEmpty();
    assertThat(built.mayDelete("packages", "deb")).isFalse();
    assertThat(built.errors()).singleElement().extracting(ProbeError::error).asString()
        .startsWith("dpkg /var/lib/dpkg/status (" + String.format("%,d", Files.size(status))
            + " bytes) holds more than 4 packages");
  }

  private static ByteArrayInputStream status(int stanzas) {
    var text = new StringBuilder();
    for (int i = 0; i < stanzas; i++) {
      text.append("Package: p").append(i).append("\nStatus: install ok installed\nVersion: 1.0-").append(i)
          .append("\nArchitecture: amd64\n\n");
    }
    return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
