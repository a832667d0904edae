package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Whole sync cycles against a real Elasticsearch, each test on its own index prefix. */
@ExtendWith(ElasticsearchExtension.class)
class SyncIT {

  private static SyncEngine engine() {
    return new SyncEngine(SyncEngine.Settings.defaults());
  }

  @Test
  void fullCycleWritesEveryDocumentWithItsFieldsAndTheTemplatesMappings(ElasticsearchNode es)
      throws Exception {
    new EsReadBack(es.url()).reset("full").close();
    var node = TestInventory.debian("node-a", 40);
    var report = engine().sync(node.snapshot(), TestInventory.CONTEXT,
        TestInventory.es(es.url().toString(), "full"));

    assertThat(report.converged()).isTrue();
    assertThat(report.written()).isEqualTo(42);
    assertThat(report.events()).isZero(); // the first inventory is not a change
    try (var read = new EsReadBack(es.url())) {
      read.refresh("full");
      assertThat(read.count("full-packages")).isEqualTo(40);
      assertThat(read.count("full-services")).isEqualTo(2);
      assertThat(read.count("full-nodes")).isEqualTo(1);
      assertThat(read.count("full-changes")).isZero();

      JsonNode openssl = read.get("full-packages", TestInventory.packageId("node-a", "openssl"))
          .path("_source");
      assertThat(openssl.at("/package/version").asText()).isEqualTo("3.0.15-1~deb12u1");
      assertThat(openssl.at("/package/type").asText()).isEqualTo("deb");
      assertThat(openssl.at("/host/name").asText()).isEqualTo("node-a");
      assertThat(openssl.at("/host/os/codename").asText()).isEqualTo("bookworm");
      assertThat(openssl.at("/orchestrator/cluster/name").asText()).isEqualTo("test-cluster");
      assertThat(openssl.at("/reunir/hash").asText()).hasSize(32);
      assertThat(openssl.at("/@timestamp").asText()).isEqualTo("2026-11-26T11:00:00Z");

      JsonNode ssh = read.get("full-services", "test-cluster/node-a/ssh.service").path("_source");
      assertThat(ssh.at("/service/state").asText()).isEqualTo("running");
      JsonNode heartbeat = read.get("full-nodes", "test-cluster/node-a").path("_source");
      assertThat(heartbeat.at("/reunir/policy").asText()).isEqualTo("all-nodes");
      assertThat(heartbeat.at("/host/os/full").asText()).isEqualTo("Debian GNU/Linux 12 (bookworm)");

      for (String name : IndexLayout.NAMES) {
        JsonNode mapping = read.call("GET", "/full-" + name + "/_mapping", null)
            .path("full-" + name + "-v1").path("mappings");
        assertThat(mapping).as(name).isEqualTo(IndexTemplates.template(name, "full").at("/template/mappings"));
        JsonNode alias = read.call("GET", "/_alias/full-" + name, null);
        assertThat(alias.at("/full-" + name + "-v1/aliases/full-" + name + "/is_write_index").asBoolean())
            .isTrue();
      }
    }
  }

  @Test
  void anUnchangedCycleWritesExactlyOneDocumentEvenAfterARestart(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("steady").close();
    var node = TestInventory.debian("node-b", 30);
    var config = TestInventory.es(es.url().toString(), "steady");
    var engine = engine();
    engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
    try (var read = new EsReadBack(es.url())) {
      read.refresh("steady");
      long[] before = read.writes("steady");
      var second = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      // A new process knows nothing: it reads ids and hashes back and still writes only the heartbeat.
      var restarted = engine().sync(node.snapshot(), TestInventory.CONTEXT, config);
      read.refresh("steady");
      long[] after = read.writes("steady");

      assertThat(second.documents()).isEqualTo(1);
      assertThat(restarted.readBack()).isTrue();
      assertThat(restarted.documents()).isEqualTo(1);
      assertThat(after[0] - before[0]).isEqualTo(2);
      assertThat(after[1] - before[1]).isZero();
      assertThat(read.get("steady-nodes", "test-cluster/node-b").at("/_source/@timestamp").asText())
          .isEqualTo("2026-11-26T13:00:00Z");
    }
  }

  @Test
  void aNodeTooLargeForOneReadBackSearchIsReadBackWholeByScroll(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("large").close();
    var node = TestInventory.debian("node-l", StateReader.AT_ONCE + 500);
    var config = TestInventory.es(es.url().toString(), "large");
    engine().sync(node.snapshot(), TestInventory.CONTEXT, config);
    try (var read = new EsReadBack(es.url())) {
      read.refresh("large");
      node.packages.put("openssl", "3.0.17-1~deb12u2");
      node.packages.remove("bash");

      var restarted = engine();
      var report = restarted.sync(node.snapshot(), TestInventory.CONTEXT, config);

      // Every held document was read back: only the change is written, the removal deleted.
      assertThat(report.readBack()).isTrue();
      assertThat(report.written()).isEqualTo(1);
      assertThat(report.deleted()).isEqualTo(1);
      assertThat(report.events()).isEqualTo(2);
      assertThat(restarted.state().size()).isEqualTo(StateReader.AT_ONCE + 500 - 1 + 2);
    }
  }

  @Test
  void upgradeRemoveAndAddChangeExactlyThoseDocumentsWithThreeEvents(ElasticsearchNode es)
      throws Exception {
    new EsReadBack(es.url()).reset("delta").close();
    var node = TestInventory.debian("node-c", 20);
    var config = TestInventory.es(es.url().toString(), "delta");
    var engine = engine();
    engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
    node.packages.put("openssl", "3.0.17-1~deb12u2");
    node.packages.remove("bash");
    node.packages.put("curl", "7.88.1-10+deb12u8");
    var report = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);

    assertThat(report.written()).isEqualTo(2);
    assertThat(report.deleted()).isEqualTo(1);
    assertThat(report.events()).isEqualTo(3);
    try (var read = new EsReadBack(es.url())) {
      read.refresh("delta");
      assertThat(read.count("delta-packages")).isEqualTo(20);
      assertThat(read.get("delta-packages", TestInventory.packageId("node-c", "bash")).path("found")
          .asBoolean()).isFalse();
      assertThat(read.get("delta-packages", TestInventory.packageId("node-c", "openssl")).path("_version")
          .asInt()).isEqualTo(2);
      assertThat(read.get("delta-packages", TestInventory.packageId("node-c", "curl")).path("_version")
          .asInt()).isEqualTo(1);
      // An untouched package keeps its first version and its first @timestamp.
      JsonNode libssl = read.get("delta-packages", TestInventory.packageId("node-c", "libssl3"));
      assertThat(libssl.path("_version").asInt()).isEqualTo(1);
      assertThat(libssl.at("/_source/@timestamp").asText()).isEqualTo("2026-11-26T11:00:00Z");

      JsonNode hits = read.search("delta-changes", "{\"size\":10,\"sort\":[{\"event.action\":\"asc\"}]}")
          .path("hits").path("hits");
      List<String> events = new ArrayList<>();
      hits.forEach(h -> events.add(h.at("/_source/event/action").asText() + " "
          + h.at("/_source/package/name").asText() + " " + h.at("/_source/package/version").asText("-")
          + " " + h.at("/_source/reunir/package/previous_version").asText("-")));
      assertThat(events).containsExactly(
          "package_installed curl 7.88.1-10+deb12u8 -",
          "package_removed bash - 5.2.15-2+b7",
          "package_updated openssl 3.0.17-1~deb12u2 3.0.15-1~deb12u1");
      assertThat(hits.get(0).at("/_source/host/name").asText()).isEqualTo("node-c");
      assertThat(hits.get(0).at("/_source/event/kind").asText()).isEqualTo("event");
    }
  }

  @Test
  void serviceStateChangesBecomeStartedAndStoppedEvents(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("svc").close();
    var node = TestInventory.debian("node-s", 3);
    var config = TestInventory.es(es.url().toString(), "svc");
    var engine = engine();
    engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
    node.services.put("ssh.service", "stopped");
    node.services.put("cron.service", "running");
    var report = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);

    assertThat(report.events()).isEqualTo(2);
    try (var read = new EsReadBack(es.url())) {
      read.refresh("svc");
      JsonNode hits = read.search("svc-changes", "{\"sort\":[{\"event.action\":\"asc\"}]}").at("/hits/hits");
      assertThat(hits.get(0).at("/_source/event/action").asText()).isEqualTo("service_started");
      assertThat(hits.get(0).at("/_source/service/name").asText()).isEqualTo("cron.service");
      assertThat(hits.get(1).at("/_source/event/action").asText()).isEqualTo("service_stopped");
      assertThat(hits.get(1).at("/_source/reunir/service/previous_state").asText()).isEqualTo("running");
    }
  }

  @Test
  void documentsDeletedBehindTheAgentsBackAreRestoredTheNextCycle(ElasticsearchNode es)
      throws Exception {
    new EsReadBack(es.url()).reset("drift").close();
    var node = TestInventory.debian("node-d", 25);
    var config = TestInventory.es(es.url().toString(), "drift");
    var engine = engine();
    engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
    try (var read = new EsReadBack(es.url())) {
      read.refresh("drift");
      // The minimal distribution has no _delete_by_query: delete by id, as a person with curl would.
      for (String name : List.of("openssl", "pkg-7", "pkg-8")) {
        JsonNode deleted = read.call("DELETE", "/drift-packages/_doc/" + java.net.URLEncoder.encode(
            TestInventory.packageId("node-d", name), "UTF-8") + "?refresh=true", null);
        assertThat(deleted.path("result").asText()).as(deleted.toString()).isEqualTo("deleted");
      }
      read.call("DELETE", "/drift-services/_doc/" + java.net.URLEncoder.encode(
          "test-cluster/node-d/ssh.service", "UTF-8") + "?refresh=true", null);
      assertThat(read.count("drift-services")).isEqualTo(1);
      assertThat(read.count("drift-packages")).isEqualTo(22);

      // The next cycle's drift check sees the counts differ and reads back: repaired at once.
      var repair = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      read.refresh("drift");

      assertThat(repair.drifted()).isTrue();
      assertThat(repair.written()).isEqualTo(4);
      assertThat(repair.events()).isZero(); // restoring is not a change on the node
      assertThat(read.count("drift-packages")).isEqualTo(25);
      assertThat(read.count("drift-services")).isEqualTo(2);
      assertThat(read.count("drift-changes")).isZero();
    }
  }

  @Test
  void aDeletedIndexIsNeverAutoCreatedWithoutItsMappingAndComesBackNextCycle(ElasticsearchNode es)
      throws Exception {
    new EsReadBack(es.url()).reset("gone").close();
    var node = TestInventory.debian("node-g", 5);
    var config = TestInventory.es(es.url().toString(), "gone");
    var engine = engine();
    engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
    try (var read = new EsReadBack(es.url())) {
      read.call("DELETE", "/gone-packages-v1", null);
      node.packages.put("openssl", "3.0.17-1~deb12u2");
      // The drift check finds the alias gone: the index is created from its template and refilled
      // in the same cycle, never auto-created without its mapping.
      var repaired = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      read.refresh("gone");
      assertThat(repaired.drifted()).isTrue();
      assertThat(repaired.converged()).isTrue();
      assertThat(repaired.events()).isEqualTo(1); // the openssl upgrade, nothing for the refill
      assertThat(read.count("gone-packages")).isEqualTo(5);
      assertThat(read.call("GET", "/gone-packages/_mapping", null).has("gone-packages-v1")).isTrue();
    }
  }

  @Test
  void anIndexMadeByAnOlderVersionGetsTheNewFieldsAndTheRefusedDocumentsTheNextCycle(ElasticsearchNode es)
      throws Exception {
    new EsReadBack(es.url()).reset("older").close();
    var node = TestInventory.debian("node-o", 5);
    var config = TestInventory.es(es.url().toString(), "older");
    var engine = engine();
    engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
    try (var read = new EsReadBack(es.url())) {
      // The packages index as an older version made it: strict, without reunir.package.source.
      var mappings = (com.fasterxml.jackson.databind.node.ObjectNode)
          IndexTemplates.template("packages", "older").at("/template/mappings").deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) mappings.at("/properties/reunir/properties/package/properties"))
          .remove("source");
      read.call("DELETE", "/older-packages-v1", null);
      read.call("DELETE", "/_index_template/older-packages", null); // else it merges the field back
      read.call("PUT", "/older-packages-v1", "{\"aliases\":{\"older-packages\":{\"is_write_index\":true}},"
          + "\"mappings\":" + mappings + "}");
      node.packages.put("openssl", "3.0.17-1~deb12u2");

      var refused = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      assertThat(refused.failures()).isNotEmpty().allSatisfy(failure ->
          assertThat(failure.reason()).contains("strict_dynamic_mapping_exception"));
      var repaired = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      read.refresh("older");

      assertThat(repaired.converged()).isTrue();
      assertThat(read.count("older-packages")).isEqualTo(5);
      assertThat(read.call("GET", "/older-packages/_mapping", null)
          .at("/older-packages-v1/mappings/properties/reunir/properties/package/properties/source/type")
          .asText()).isEqualTo("keyword");
    }
  }

  /** The same for a new top-level value, which the templates' dynamic template refuses. */
  @Test
  void anIndexWithoutANewTopLevelFieldGetsItTheSameWay(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("oldtop").close();
    var node = TestInventory.debian("node-t", 3);
    var config = TestInventory.es(es.url().toString(), "oldtop");
    var engine = engine();
    engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
    try (var read = new EsReadBack(es.url())) {
      var mappings = (com.fasterxml.jackson.databind.node.ObjectNode)
          IndexTemplates.template("packages", "oldtop").at("/template/mappings").deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) mappings.get("properties")).remove("@timestamp");
      read.call("DELETE", "/oldtop-packages-v1", null);
      read.call("DELETE", "/_index_template/oldtop-packages", null);
      read.call("PUT", "/oldtop-packages-v1", "{\"aliases\":{\"oldtop-packages\":{\"is_write_index\":true}},"
          + "\"mappings\":" + mappings + "}");
      node.packages.put("openssl", "3.0.17-1~deb12u2");

      var refused = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      assertThat(refused.failures()).isNotEmpty().allSatisfy(failure ->
          assertThat(failure.reason()).contains("document_parsing_exception").contains("[@timestamp]"));
      var repaired = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      read.refresh("oldtop");

      assertThat(repaired.converged()).isTrue();
      assertThat(read.count("oldtop-packages")).isEqualTo(3);
      assertThat(read.call("GET", "/oldtop-packages/_mapping", null)
          .at("/oldtop-packages-v1/mappings/properties/@timestamp/type").asText()).isEqualTo("date");
    }
  }
}
