package io.reunir.agent.probe.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsProbeTest {

  static Path fixture(String name) {
    return Path.of("src/test/resources/hosts", name);
  }

  @Test
  void readsDebianFixture() {
    var snapshot = new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(fixture("debian12")), List.of(new OsProbe()), null);

    var os = snapshot.os();
    assertThat(snapshot.errors()).isEmpty();
    assertThat(os.hostname()).isEqualTo("deb12-node-1");
    assertThat(os.machineId()).isEqualTo("4c4c4544004d3510804fb4c04f4e3732");
    assertThat(os.kernel()).isEqualTo("6.1.0-27-amd64");
    assertThat(os.bootId()).isEqualTo("0f4b3a6e-2a51-4d1e-9a3c-1f0e0a7c3b11");
    assertThat(os.bootTime()).isEqualTo(Instant.ofEpochSecond(1764000000));
    assertThat(os.uptimeSeconds()).isEqualTo(12345L);
    assertThat(os.release().id()).isEqualTo("debian");
    assertThat(os.release().versionId()).isEqualTo("12");
    assertThat(os.release().prettyName()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
  }

  @Test
  void aRootWithoutItsFilesStillGivesASnapshotWithErrors(@TempDir Path empty) throws Exception {
    java.nio.file.Files.createDirectories(empty.resolve("var")); // a host root, but nothing the probe reads
    var snapshot = new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(empty), List.of(new OsProbe()), "node-a");

    assertThat(snapshot.os()).isNotNull();
    assertThat(snapshot.os().release()).isNull();
    assertThat(snapshot.errors()).extracting(e -> e.probe()).containsOnly("os");
    assertThat(snapshot.errors()).extracting(e -> e.error())
        .anyMatch(m -> m.contains("os-release")).anyMatch(m -> m.contains("kernel"));
  }
}
