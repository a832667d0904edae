package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.model.SnapshotDocuments;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.registry.Probes;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.agent.testing.HostTrees;
import io.reunir.agent.testing.SharedFixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full cycle from a fixture host tree through the default probes into Elasticsearch: every document
 * {@code collect} would print is stored, field for field, under its id, plus the content hash.
 */
@ExtendWith(ElasticsearchExtension.class)
class FixtureHostIT {

  /** Hosts with services (cgroupv2) and with each package manager's database (dpkg, rpm, apk). */
  @ParameterizedTest
  @ValueSource(strings = {"cgroupv2", "debian12", "ubuntu2204", "rhel9", "shared:hosts/alpine-3.14"})
  void everyCollectedDocumentIsStoredAsRendered(String fixture, ElasticsearchNode es, @TempDir Path dir)
      throws Exception {
    // A shared real-world tree is read in place (it has no links to make, and nothing here writes).
    Path host = fixture.startsWith("shared:") ? SharedFixtures.dir(fixture.substring(7))
        : HostTrees.materialize(fixture, dir);
    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(host), Probes.named(Probes.DEFAULT), "fixture-node");
    assertThat(snapshot.services().size() + snapshot.packages().size()).isPositive();
    var rendered = SnapshotDocuments.render(snapshot, TestInventory.CONTEXT);
    String prefix = "fx-" + fixture.substring(fixture.lastIndexOf('/') + 1);

    try (var read = new EsReadBack(es.url()).reset(prefix)) {
      var config = new ElasticsearchConfig(List.of(es.url().toString()), prefix, null, null, null, null);
      var report = new SyncEngine(SyncEngine.Settings.defaults()).sync(snapshot, TestInventory.CONTEXT, config);
      assertThat(report.converged()).as(report.toString()).isTrue();
      read.refresh(prefix);

      assertStored(read, prefix + "-packages", rendered.path("packages"), snapshot.packages().size());
      assertStored(read, prefix + "-services", rendered.path("services"), snapshot.services().size());
      JsonNode node = read.get(prefix + "-nodes", "test-cluster/fixture-node").path("_source");
      ObjectNode expected = ((ObjectNode) rendered.path("node")).deepCopy();
      ((ObjectNode) expected.get("reunir")).put("hash", node.at("/reunir/hash").asText());
      assertThat(node.toString()).isEqualTo(expected.toString());
    }
  }

  private static void assertStored(EsReadBack read, String alias, JsonNode documents, int count)
      throws Exception {
    assertThat(read.count(alias)).isEqualTo(count);
    for (JsonNode document : documents) {
      ObjectNode expected = ((ObjectNode) document).deepCopy();
      String hash = ContentHash.stamp(expected).hash();
      JsonNode found = read.search(alias, "{\"query\":{\"term\":{\"reunir.hash\":\"" + hash + "\"}}}")
          .at("/hits/hits");
      assertThat(found).as("%s %s", alias, document).hasSize(1);
      // _source comes back byte for byte as sent; text avoids int-versus-long node differences.
      assertThat(found.get(0).path("_source").toString()).isEqualTo(expected.toString());
    }
  }
}
