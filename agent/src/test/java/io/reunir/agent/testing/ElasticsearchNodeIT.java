package io.reunir.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the test Elasticsearch is real: a document goes in and a search finds it. */
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchNodeIT {

  @Test
  void indexesAndSearchesADocument(ElasticsearchNode es) throws Exception {
    try (var rest = RestClient.builder(HttpHost.create(es.url().toString())).build();
        var transport = new RestClientTransport(rest, new JacksonJsonpMapper())) {
      var client = new ElasticsearchClient(transport);
      ObjectNode doc = new ObjectMapper().createObjectNode().put("package", "openssl").put("version", "3.0.15-1~deb12u1");

      client.index(i -> i.index("smoke").id("node-1/openssl").document(doc).refresh(Refresh.True));
      var hits = client.search(s -> s.index("smoke").query(q -> q.term(t -> t.field("package.keyword")
          .value("openssl"))), ObjectNode.class).hits().hits();

      assertThat(hits).hasSize(1);
      assertThat(hits.get(0).id()).isEqualTo("node-1/openssl");
      assertThat(hits.get(0).source().get("version").asText()).isEqualTo("3.0.15-1~deb12u1");
    }
  }
}
