package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TemplateInstall#ensure} against a real Elasticsearch, through the recording proxy: it lists
 * the prefix's templates and aliases in two requests, adds only what is missing, never replaces a
 * tuned template, and tells one prefix from another that starts like it.
 */
@ExtendWith(ElasticsearchExtension.class)
class TemplateInstallIT {

  private static ElasticsearchClient client(java.net.URI url, String prefix) throws Exception {
    return EsClients.connect(EsEndpoint.fromConfig(TestInventory.es(url.toString(), prefix)),
        Duration.ofSeconds(30));
  }

  @Test
  void aFreshPrefixGetsEverythingAndASecondCallOnlyLooksWithTwoRequests(ElasticsearchNode es)
      throws Exception {
    new EsReadBack(es.url()).reset("tpl").close();
    try (var proxy = new FaultProxy(es.url()); var read = new EsReadBack(es.url())) {
      var first = TemplateInstall.ensure(client(proxy.url(), "tpl"), "tpl");
      assertThat(first.templatesCreated()).containsExactlyInAnyOrder("tpl-nodes", "tpl-packages",
          "tpl-services", "tpl-changes", "tpl-images", "tpl-containers");
      assertThat(first.indicesCreated()).containsExactlyInAnyOrder("tpl-nodes-v1", "tpl-packages-v1",
          "tpl-services-v1", "tpl-changes-v1", "tpl-images-v1", "tpl-containers-v1");
      int before = proxy.requests().size();

      var second = TemplateInstall.ensure(client(proxy.url(), "tpl"), "tpl");

      assertThat(second.templatesCreated()).isEmpty();
      assertThat(second.indicesCreated()).isEmpty();
      List<String> asked = proxy.requests().subList(before, proxy.requests().size());
      assertThat(asked).hasSize(2).allMatch(r -> r.startsWith("GET "));
      for (String name : IndexLayout.NAMES) {
        JsonNode alias = read.call("GET", "/_alias/tpl-" + name, null);
        assertThat(alias.at("/tpl-" + name + "-v1/aliases/tpl-" + name + "/is_write_index").asBoolean())
            .as(name).isTrue();
      }
    }
  }

  @Test
  void aTunedTemplateIsKeptAndOnlyAMissingIndexIsCreated(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("tuned").close();
    try (var read = new EsReadBack(es.url())) {
      TemplateInstall.ensure(client(es.url(), "tuned"), "tuned");
      var tuned = IndexTemplates.template("packages", "tuned");
      tuned.put("priority", 321);
      read.call("PUT", "/_index_template/tuned-packages", tuned.toString());
      read.call("DELETE", "/tuned-services-v1", null);

      var result = TemplateInstall.ensure(client(es.url(), "tuned"), "tuned");

      assertThat(result.templatesCreated()).isEmpty();
      assertThat(result.indicesCreated()).containsExactly("tuned-services-v1");
      assertThat(read.call("GET", "/_index_template/tuned-packages", null)
          .at("/index_templates/0/index_template/priority").asInt()).isEqualTo(321);
    }
  }

  @Test
  void aPrefixThatStartsLikeAnotherStillGetsItsOwnTemplatesAndIndices(ElasticsearchNode es)
      throws Exception {
    // "pfx-*" also matches the templates and aliases of "pfx-eu": they must not count for "pfx".
    new EsReadBack(es.url()).reset("pfx").close();
    new EsReadBack(es.url()).reset("pfx-eu").close();
    TemplateInstall.ensure(client(es.url(), "pfx-eu"), "pfx-eu");

    var result = TemplateInstall.ensure(client(es.url(), "pfx"), "pfx");

    assertThat(result.templatesCreated()).hasSize(6);
    assertThat(result.indicesCreated()).containsExactlyInAnyOrder("pfx-nodes-v1", "pfx-packages-v1",
        "pfx-services-v1", "pfx-changes-v1", "pfx-images-v1", "pfx-containers-v1");
  }

  @Test
  void aStartingAgentAsksNothingAboutTemplatesWhenTheIndicesExist(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("start").close();
    var node = TestInventory.debian("node-r", 10);
    new SyncEngine(SyncEngine.Settings.defaults()).sync(node.snapshot(), TestInventory.CONTEXT,
        TestInventory.es(es.url().toString(), "start"));
    try (var proxy = new FaultProxy(es.url()); var read = new EsReadBack(es.url())) {
      read.refresh("start");

      var report = new SyncEngine(SyncEngine.Settings.defaults()).sync(node.snapshot(),
          TestInventory.CONTEXT, TestInventory.es(proxy.url().toString(), "start"));

      // One search reads the state back and proves the aliases exist; then only the heartbeat.
      assertThat(report.documents()).isEqualTo(1);
      assertThat(proxy.requests()).hasSize(2);
      assertThat(proxy.requests().get(0))
          .startsWith("POST /start-nodes,start-packages,start-services,start-changes,start-images,"
              + "start-containers/_search");
      assertThat(proxy.requests().get(1)).startsWith("POST /_bulk");
    }
  }

  @Test
  void credentialsThatMayNotReadTemplatesPassWhenTheAliasesExist(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("writer").close();
    TemplateInstall.ensure(client(es.url(), "writer"), "writer");
    try (var proxy = new FaultProxy(es.url())) {
      proxy.mode(FaultProxy.Mode.FORBID_SETUP);

      var result = TemplateInstall.ensure(client(proxy.url(), "writer"), "writer");

      assertThat(result.templatesCreated()).isEmpty();
      assertThat(result.indicesCreated()).isEmpty();
    }
  }
}
