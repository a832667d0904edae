package io.reunir.agent.probe.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Documents;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** host.os.* of the immutable node hosts, whose os-release files follow each image's own. */
class ImmutableOsReleaseTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bottlerocket|bottlerocket|bottlerocket|Bottlerocket|1.29.0|Bottlerocket OS 1.29.0 (aws-k8s-1.31)",
      "cos|cos|cos|Container-Optimized OS|113|Container-Optimized OS from Google",
      "talos|talos|talos|Talos|v1.9.1|Talos (v1.9.1)",
      "flatcar|flatcar|coreos|Flatcar Container Linux by Kinvolk|4081.2.1"
          + "|Flatcar Container Linux by Kinvolk 4081.2.1 (Oklo)",
  })
  void hostOsComesFromTheImagesOsRelease(String host, String platform, String family, String name,
      String version, String full) {
    var snapshot = new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(OsProbeTest.fixture(host)), List.of(new OsProbe()), "node-1");

    var os = Documents.node(snapshot, DocumentContext.local()).at("/host/os");
    assertThat(os.path("platform").asText()).isEqualTo(platform);
    assertThat(os.path("family").asText()).isEqualTo(family);
    assertThat(os.path("name").asText()).isEqualTo(name);
    assertThat(os.path("version").asText()).isEqualTo(version);
    assertThat(os.path("full").asText()).isEqualTo(full);
    assertThat(snapshot.errors()).noneMatch(e -> e.error().contains("os-release"));
  }
}
