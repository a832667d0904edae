package io.reunir.agent.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.model.SnapshotDocuments;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample documents named in {@link PackagesProbe}'s comment are what the probe really emits. */
class PackageSampleDocumentTest {
  @ParameterizedTest
  @CsvSource({"ubuntu2204, 5, package-deb.json", "shared:hosts/alpine-3.14, 0, package-apk.json",
      "bottlerocket, 0, package-bottlerocket.json", "cos, 0, package-cos.json", "talos, 0, package-talos.json",
      "flatcar, 8, package-flatcar.json"})
  void sampleDocumentIsWhatThePackagesProbeEmits(String host, int index, String sample) throws IOException {
    var snapshot = Snapshot.builder("scan-1", Instant.EPOCH).nodeName("node-1");
    Path root = host.startsWith("shared:") ? SharedFixtures.dir(host.substring(7))
        : Path.of("src/test/resources/hosts", host);
    new PackagesProbe().collect(new HostRoot(root), snapshot);
    JsonNode documents = SnapshotDocuments.render(snapshot.build(),
        new DocumentContext("prod-eu-1", "all-nodes", "test"));

    var mapper = new ObjectMapper();
    JsonNode expected = mapper.readTree(Path.of("src/test/resources/samples", sample).toFile());
    // Compared as printed JSON: the document's numbers are longs, the parsed sample's ints.
    JsonNode actual = mapper.readTree(mapper.writeValueAsString(documents.get("packages").get(index)));
    assertThat(actual).isEqualTo(expected);
  }
}
