package io.reunir.agent.probe.packages.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.contract.version.VersionKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The immutable node hosts, read through the packages probe as the agent reads them. */
class ImageHostsTest {
  static final Path HOSTS = Path.of("src/test/resources/hosts");

  static Snapshot collect(Path root) {
    var snapshot = Snapshot.builder("scan-1", Instant.EPOCH);
    new PackagesProbe().collect(new HostRoot(root), snapshot);
    return snapshot.build();
  }

  static String tsv(PackageRecord p) {
    return String.join("\t", p.name(), p.version(), Objects.toString(p.architecture(), ""),
        Objects.toString(p.release(), ""), Objects.toString(p.source(), ""),
        Objects.toString(p.sourceVersion(), ""));
  }

  /** Each expected list was written by python's json module (or over file names), not by this code. */
  @ParameterizedTest
  @CsvSource({"bottlerocket,bottlerocket", "cos,cos", "talos,talos", "flatcar,flatcar"})
  void eachHostYieldsExactlyItsInventory(String host, String type) throws IOException {
    List<String> expected = Files.readAllLines(HOSTS.resolve(host).resolve("expected-packages.tsv"))
        .stream().filter(l -> !l.startsWith("#")).toList();

    Snapshot snapshot = collect(HOSTS.resolve(host));

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages()).allSatisfy(p -> assertThat(p.type()).isEqualTo(type));
    assertThat(snapshot.packages().stream().map(ImageHostsTest::tsv).sorted().toList())
        .containsExactlyElementsOf(expected);
    assertThat(snapshot.complete()).containsExactly("packages/" + type);
  }

  @ParameterizedTest
  @CsvSource({"bottlerocket", "cos", "flatcar"})
  void everyVersionTheseImagesShipHasAKey(String host) {
    assertThat(collect(HOSTS.resolve(host)).packages())
        .allSatisfy(p -> assertThat(VersionKey.of(p.type(), p.version())).isNotEmpty());
  }
}
