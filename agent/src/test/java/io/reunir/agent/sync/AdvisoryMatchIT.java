package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.AdvisoryDocuments;
import io.reunir.advisories.match.Finding;
import io.reunir.advisories.match.MatchRule;
import io.reunir.advisories.match.Matcher;
import io.reunir.advisories.osv.OsvReader;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.registry.Probes;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.FleetFindings;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fixture fleet synced into a real Elasticsearch by the agent's own {@link SyncEngine}; every
 * advisory document's {@link MatchRule#query} then selects exactly the package documents its
 * in-memory reading selects, and the advisory and finding documents fit their strict templates.
 */
@ExtendWith(ElasticsearchExtension.class)
class AdvisoryMatchIT {
  private static final String PREFIX = "matchit";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> HOSTS = List.of("debian10", "debian10-fixed", "debian12", "ubuntu2204",
      "ubuntu1404", "alpine318", "alpine318-clean");

  @Test
  void theQueryAndTheInMemoryRuleSelectTheSameFleetPackages(ElasticsearchNode node) throws Exception {
    var layout = new IndexLayout(PREFIX);
    try (var es = new EsReadBack(node.url()).reset(PREFIX)) {
      for (String name : IndexLayout.ADVISORY_NAMES) {
        es.call("DELETE", "/" + layout.concreteIndex(name) + "?ignore_unavailable=true", null);
      }
      var config = TestInventory.es(node.url().toString(), PREFIX);
      for (String host : HOSTS) {
        var snapshot = new io.reunir.agent.probe.SnapshotCollector(Clock.systemUTC()).collect(
            new HostRoot(Path.of("src/test/resources/hosts/fleet", host)), Probes.named(List.of("os", "packages")),
            host + "-node");
        assertThat(new SyncEngine(SyncEngine.Settings.defaults()).sync(snapshot, TestInventory.CONTEXT, config)
            .converged()).as(host).isTrue();
      }
      es.refresh(PREFIX);
      List<JsonNode> indexed = new ArrayList<>();
      es.call("POST", "/" + layout.packages() + "/_search", "{\"size\": 1000}").at("/hits/hits")
          .forEach(hit -> indexed.add(hit.get("_source")));
      assertThat(indexed).hasSize(17);

      var documents = new ArrayList<AdvisoryDocument>();
      OsvReader.read(Path.of("../advisories/src/test/resources/osv/distros"),
          a -> documents.addAll(AdvisoryDocuments.of(a).documents()));
      OsvReader.read(Path.of("../advisories/src/test/resources/osv/constructed"),
          a -> documents.addAll(AdvisoryDocuments.of(a).documents()));
      var matcher = new Matcher(indexed, Instant.parse("2026-12-01T12:00:00Z"));
      var findings = new ArrayList<Finding>();
      Set<String> all = new TreeSet<>();
      for (AdvisoryDocument doc : documents) {
        Optional<MatchRule> rule = MatchRule.of(doc);
        if (rule.isEmpty()) {
          continue;
        }
        Set<String> inEs = new TreeSet<>();
        var search = JSON.createObjectNode().put("size", 1000);
        search.set("query", rule.get().query());
        es.call("POST", "/" + layout.packages() + "/_search", search.toString())
            .at("/hits/hits").forEach(hit -> inEs.add(key(hit.get("_source"))));
        Set<String> inMemory = new TreeSet<>();
        Set<String> matchedKeys = new TreeSet<>();
        for (Finding f : matcher.match(doc)) {
          inMemory.add(f.node() + " " + f.packageName() + " " + f.packageVersion());
          findings.add(f);
        }
        indexed.stream().filter(p -> rule.get().matches(p))
            .forEach(p -> matchedKeys.add(p.at("/reunir/package/version_key").asText()));
        assertThat(inEs).as(doc.id()).isEqualTo(inMemory);
        // The whole match's form: the range replaced by the keys the rule matched in memory.
        Set<String> byKeys = new TreeSet<>();
        search.set("query", rule.get().query(matchedKeys));
        es.call("POST", "/" + layout.packages() + "/_search", search.toString())
            .at("/hits/hits").forEach(hit -> byKeys.add(key(hit.get("_source"))));
        assertThat(byKeys).as(doc.id() + " by version keys").isEqualTo(inMemory);
        inEs.forEach(k -> all.add(k + " " + doc.advisoryId()));
      }
      assertThat(all).containsExactlyElementsOf(FleetFindings.ALL);

      for (String name : IndexLayout.ADVISORY_NAMES) {
        var put = es.call("PUT", "/_index_template/" + layout.templateName(name),
            IndexTemplates.template(name, PREFIX).toString());
        assertThat(put.path("acknowledged").asBoolean()).as(put.toString()).isTrue();
      }
      assertBulk(es, layout.concreteIndex("advisories"),
          documents.stream().map(d -> new String[] {d.id(), d.toDocument().toString()}).toList());
      assertBulk(es, layout.concreteIndex("findings"),
          findings.stream().map(f -> new String[] {f.id(), f.toDocument().toString()}).toList());
      es.refresh(PREFIX);
      // ALSA-2023:0946 lists openssl-devel twice, as AlmaLinux published it: one document.
      assertThat(es.count(layout.concreteIndex("advisories"))).isEqualTo(documents.size() - 1);
      assertThat(es.count(layout.concreteIndex("findings"))).isEqualTo(findings.size());
    }
  }

  private static String key(JsonNode pkg) {
    return pkg.at("/host/name").asText() + " " + pkg.at("/package/name").asText() + " "
        + pkg.at("/package/version").asText();
  }

  /** Strict templates refuse a field they do not map: every item must be created. */
  private static void assertBulk(EsReadBack es, String index, List<String[]> docs) throws Exception {
    var body = new StringBuilder();
    for (String[] doc : docs) {
      var action = JSON.createObjectNode();
      action.putObject("index").put("_index", index).put("_id", doc[0]);
      body.append(action).append('\n').append(doc[1]).append('\n');
    }
    JsonNode answer = es.call("POST", "/_bulk", body.toString());
    assertThat(answer.path("errors").asBoolean()).as(answer.toString()).isFalse();
  }
}
