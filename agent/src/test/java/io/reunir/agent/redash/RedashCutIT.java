package io.reunir.agent.redash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.sync.TemplateInstall;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.version.VersionKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fleet larger than a query's cut: 10,001 package documents, each its own node and version. The
 * aggregation query says on every row how many documents it left out; the hits query stops at the
 * 10,000 rows the README tells users to read as "cut".
 */
@ExtendWith(ElasticsearchExtension.class)
class RedashCutIT {
  private static final Path QUERIES = Path.of("../redash/queries");
  private static final String PREFIX = "cutit";
  private static final int DOCUMENTS = 10_001;

  private static EsHttp es;

  @BeforeAll
  static void indexAFleetBeyondTheCut(ElasticsearchNode node) throws Exception {
    es = new EsHttp(node.url());
    var layout = new IndexLayout(PREFIX);
    for (String name : IndexLayout.NAMES) {
      es.send("DELETE", "/" + layout.concreteIndex(name), null, "application/json");
      es.send("DELETE", "/_index_template/" + layout.templateName(name), null, "application/json");
    }
    var config = new ElasticsearchConfig(List.of(node.url().toString()), PREFIX, null, null, null, null);
    var client = EsClients.connect(EsEndpoint.fromConfig(config), Duration.ofSeconds(30));
    try {
      TemplateInstall.ensure(client, PREFIX);
    } finally {
      client._transport().close();
    }
    var bulk = new StringBuilder();
    for (int i = 0; i < DOCUMENTS; i++) {
      String version = "3.0." + i + "-1";
      bulk.append("{\"index\":{}}\n").append(EsHttp.JSON.writeValueAsString(Map.of(
          "host", Map.of("name", String.format("node-%05d", i)),
          "package", Map.of("name", "openssl", "type", "deb", "version", version),
          "reunir", Map.of("package", Map.of("version_key", VersionKey.of("deb", version), "in_use", false)))))
          .append('\n');
    }
    var answer = es.send("POST", "/" + layout.packages() + "/_bulk?refresh=true", bulk.toString(),
        "application/x-ndjson");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("errors").asBoolean()).as("bulk errors").isFalse();
  }

  @Test
  void anAggregationQueryCountsOnEveryRowWhatItLeftOut() throws Exception {
    List<ObjectNode> rows = RedashQuery.load(QUERIES.resolve("03-version-choices.json")).run(es, PREFIX, Map.of());

    assertThat(rows).hasSize(10_000);
    assertThat(rows).allSatisfy(row -> assertThat(row.path("name.sum_other_doc_count").asInt())
        .as("documents left out, on " + row).isEqualTo(DOCUMENTS - 10_000));
  }

  @Test
  void aHitsQueryStopsAtTenThousandRows() throws Exception {
    List<ObjectNode> rows = RedashQuery.load(QUERIES.resolve("04-package-older-than.json")).run(es, PREFIX,
        Map.of("package", "openssl", "package_type", "deb", "older_than", VersionKey.of("deb", "4")));

    assertThat(rows).hasSize(10_000);
    assertThat(rows.get(0).path("host.name").asText()).isEqualTo("node-00000");
  }
}
