package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every package and service document carries the node's pool and placement, and documents are
 * content-hashed: so a change of one of those labels re-writes each document exactly once, with no
 * change event (nothing was installed or removed), and a label the documents do not carry re-writes
 * none of them.
 */
@ExtendWith(ElasticsearchExtension.class)
class NodeLabelSyncIT {

  @Test
  void aNodePoolLabelChangeRewritesEachDocumentOnceWithoutEvents(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("relabel").close();
    var node = TestInventory.debian("node-k", 30);
    node.labels.put("eks.amazonaws.com/nodegroup", "general");
    node.labels.put("topology.kubernetes.io/region", "eu-west-1");
    node.labels.put("topology.kubernetes.io/zone", "eu-west-1a");
    node.labels.put("node.kubernetes.io/instance-type", "m6i.large");
    node.labels.put("team", "payments");
    var config = TestInventory.es(es.url().toString(), "relabel");
    var engine = new SyncEngine(SyncEngine.Settings.defaults());
    assertThat(engine.sync(node.snapshot(), TestInventory.CONTEXT, config).converged()).isTrue();

    try (var read = new EsReadBack(es.url())) {
      read.refresh("relabel");
      long[] start = read.writes("relabel");

      node.labels.put("team", "checkout"); // only the node document shows all labels
      var otherLabel = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      node.labels.put("eks.amazonaws.com/nodegroup", "general-v2");
      var poolLabel = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      var after = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      read.refresh("relabel");
      long[] end = read.writes("relabel");

      assertThat(otherLabel.documents()).isEqualTo(1);
      assertThat(poolLabel.written()).isEqualTo(32); // 30 packages, 2 services
      assertThat(poolLabel.deleted()).isZero();
      assertThat(poolLabel.events()).isZero();
      assertThat(after.documents()).isEqualTo(1);
      // Elasticsearch's own count: three heartbeats and one index operation per document, no deletes.
      assertThat(end[0] - start[0]).isEqualTo(3 + 32);
      assertThat(end[1] - start[1]).isZero();
      assertThat(read.count("relabel-changes")).isZero();

      JsonNode openssl = read.get("relabel-packages", TestInventory.packageId("node-k", "openssl"));
      assertThat(openssl.path("_version").asInt()).isEqualTo(2);
      assertThat(openssl.at("/_source/reunir/node/pool").asText()).isEqualTo("general-v2");
      assertThat(openssl.at("/_source/cloud/availability_zone").asText()).isEqualTo("eu-west-1a");
      assertThat(openssl.at("/_source/cloud/machine/type").asText()).isEqualTo("m6i.large");
      JsonNode ssh = read.get("relabel-services", "test-cluster/node-k/ssh.service");
      assertThat(ssh.path("_version").asInt()).isEqualTo(2);
      assertThat(ssh.at("/_source/reunir/node/os_image").asText()).isEqualTo("Amazon Linux 2");
      JsonNode heartbeat = read.get("relabel-nodes", "test-cluster/node-k").path("_source");
      assertThat(heartbeat.at("/reunir/node/labels/team").asText()).isEqualTo("checkout");
      assertThat(heartbeat.at("/reunir/node/pool").asText()).isEqualTo("general-v2");

      // "Which node pools must roll" is one aggregation on the packages index.
      JsonNode pools = read.search("relabel-packages", """
          {"size": 0, "query": {"term": {"package.name": "openssl"}},
           "aggs": {"pool": {"terms": {"field": "reunir.node.pool"}}}}""");
      assertThat(pools.at("/aggregations/pool/buckets/0/key").asText()).isEqualTo("general-v2");
      assertThat(pools.at("/aggregations/pool/buckets/0/doc_count").asInt()).isEqualTo(1);
    }
  }
}
