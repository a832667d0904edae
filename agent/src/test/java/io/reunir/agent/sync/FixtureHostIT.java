package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.config.ElasticsearchConfig;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.model.SnapshotDocuments;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probes;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.agent.testing.HostTrees;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full cycle from a fixture host tree through the default probes into Elasticsearch: every document
 * {@code collect} would print is stored, field for field, under its id, plus the content hash.
 */
@ExtendWith(ElasticsearchExtension.class)
class FixtureHostIT {

  @Test
  void everyCollectedDocumentIsStoredAsRendered(ElasticsearchNode es, @TempDir Path dir) throws Exception {
    Path host = HostTrees.materialize("cgroupv2", dir);
    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(host), Probes.named(Probes.DEFAULT), "fixture-node");
    assertThat(snapshot.services()).isNotEmpty();
    var rendered = SnapshotDocuments.render(snapshot, TestInventory.CONTEXT);

    try (var read = new EsReadBack(es.url()).reset("fixture")) {
      var config = new ElasticsearchConfig(List.of(es.url().toString()), "fixture", null, null, null, null);
      var report = new SyncEngine(SyncEngine.Settings.defaults()).sync(snapshot, TestInventory.CONTEXT, config);
      assertThat(report.converged()).as(report.toString()).isTrue();
      read.refresh("fixture");

      assertStored(read, "fixture-packages", rendered.path("packages"), snapshot.packages().size());
      assertStored(read, "fixture-services", rendered.path("services"), snapshot.services().size());
      JsonNode node = read.get("fixture-nodes", "test-cluster/fixture-node").path("_source");
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
      String hash = ContentHash.stamp(expected);
      JsonNode found = read.search(alias, "{\"query\":{\"term\":{\"reunir.hash\":\"" + hash + "\"}}}")
          .at("/hits/hits");
      assertThat(found).as("%s %s", alias, document).hasSize(1);
      // _source comes back byte for byte as sent; text avoids int-versus-long node differences.
      assertThat(found.get(0).path("_source").toString()).isEqualTo(expected.toString());
    }
  }
}
