package io.reunir.agent.probe.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.model.SnapshotDocuments;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.testing.ContainerRuntimes;
import io.reunir.agent.testing.ContainerRuntimes.Pod;
import io.reunir.agent.testing.ContainerRuntimes.Tree;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample documents named in {@link ContainersProbe}'s comment are what the probe and the
 * renderers emit for a distroless container under containerd, field for field.
 */
class ContainerSampleDocumentTest {
  @TempDir Path dir;

  @Test
  void sampleDocumentsAreWhatTheContainersProbeEmits() throws Exception {
    var runtimes = new ContainerRuntimes(dir);
    Path bundle = runtimes.containerd("3f1c9a7e5b2d48c06e9f1a3b5c7d9e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c0d",
        new Pod("shop", "checkout-6d8f9c7b5-x2k4p", "8a1f0c2e-4b6d-4e8f-9a0b-1c2d3e4f5a6b", "checkout",
            "gcr.io/distroless/base-debian12:latest"), new Tree("distroless-debian12"));
    runtimes.startedAt(bundle, Instant.parse("2026-11-30T08:00:00Z"));
    var snapshot = Snapshot.builder("scan-1", Instant.EPOCH).nodeName("node-1");
    new ContainersProbe(new PackagesProbe(), new ImageCache()).collect(new HostRoot(dir), snapshot);

    JsonNode documents = SnapshotDocuments.render(snapshot.build(),
        new DocumentContext("prod-eu-1", "all-nodes", "test"));

    var mapper = new ObjectMapper();
    // Compared as printed JSON: the documents' numbers are longs, the parsed samples' ints.
    JsonNode container = mapper.readTree(mapper.writeValueAsString(documents.get("containers").get(0)));
    assertThat(container).isEqualTo(sample(mapper, "container.json"));
    var images = StreamSupport.stream(documents.get("images").spliterator(), false).toList();
    assertThat(images).hasSize(8);
    JsonNode libssl = images.stream().filter(d -> d.at("/package/name").asText().equals("libssl3"))
        .findFirst().orElseThrow();
    assertThat(mapper.readTree(mapper.writeValueAsString(libssl))).isEqualTo(sample(mapper, "image-package.json"));
    JsonNode manifest = images.get(images.size() - 1);
    assertThat(mapper.readTree(mapper.writeValueAsString(manifest))).isEqualTo(sample(mapper, "image-manifest.json"));
  }

  private static JsonNode sample(ObjectMapper mapper, String name) throws Exception {
    return mapper.readTree(Path.of("src/test/resources/samples", name).toFile());
  }
}
