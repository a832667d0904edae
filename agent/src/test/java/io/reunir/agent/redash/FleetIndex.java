package io.reunir.agent.redash;

import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.model.Snapshot;
import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.AdvisoryDocuments;
import io.reunir.advisories.match.ContainerFinding;
import io.reunir.advisories.match.Finding;
import io.reunir.advisories.match.MatchRule;
import io.reunir.advisories.match.Matcher;
import io.reunir.advisories.osv.OsvReader;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import io.reunir.agent.sync.SyncEngine;
import java.io.IOException;
import java.util.List;

/**
 * Puts the fixture fleet into Elasticsearch through the agent's own code: each node's agent
 * ({@link SyncEngine}) syncs its history in order, so templates, indices, aliases, documents and
 * change events are exactly what production writes.
 */
final class FleetIndex {
  private FleetIndex() {}

  static void load(EsHttp es, String prefix, FleetFixture fleet) throws IOException, InterruptedException {
    var layout = new IndexLayout(prefix);
    // A rerun against a long-lived cluster (REUNIR_TEST_ES_URL) starts from nothing.
    for (String name : IndexLayout.NAMES) {
      es.send("DELETE", "/" + layout.concreteIndex(name), null, "application/json");
      es.send("DELETE", "/_index_template/" + layout.templateName(name), null, "application/json");
    }
    var config = new ElasticsearchConfig(List.of(es.base().toString()), prefix, null, null, null, null);
    for (FleetFixture.Node node : fleet.nodes) {
      var agent = new SyncEngine(SyncEngine.Settings.defaults());
      for (Snapshot snapshot : node.history()) {
        var report = agent.sync(snapshot, node.context(), config);
        if (!report.converged()) {
          throw new IllegalStateException("syncing " + node.name() + " at " + snapshot.collectedAt()
              + " did not converge: " + report.failures());
        }
        // The next cycle reads the node's state back by searching: make this cycle's writes visible.
        es.ok("POST", "/" + prefix + "-*/_refresh", null);
      }
    }
    loadFindings(es, layout, prefix);
  }

  /**
   * The findings of the constructed advisories in {@code resources/redash/advisories} on the synced
   * fleet, by the advisories module's own rule and finding documents: the operator's match writes the
   * same documents from the same rule's query, tested in the operator's AdvisoryFindingsIT; and the
   * container findings of the fleet's images the same way (the operator's ContainerFindingsIT).
   */
  private static void loadFindings(EsHttp es, IndexLayout layout, String prefix)
      throws IOException, InterruptedException {
    es.send("DELETE", "/" + layout.concreteIndex("findings"), null, "application/json");
    es.ok("PUT", "/_index_template/" + layout.templateName("findings"),
        IndexTemplates.template("findings", prefix).toString());
    es.ok("PUT", "/" + layout.concreteIndex("findings"), "{\"aliases\":{\"" + layout.findings() + "\":{}}}");
    List<JsonNode> packages = new ArrayList<>();
    es.ok("POST", "/" + layout.packages() + "/_search", "{\"size\": 1000}").at("/hits/hits")
        .forEach(hit -> packages.add(hit.get("_source")));
    Instant matched = Instant.parse("2026-11-21T00:00:00Z");
    var matcher = new Matcher(packages, matched);
    List<JsonNode> imagePackages = sources(es, layout.images());
    List<JsonNode> containers = sources(es, layout.containers());
    var body = new StringBuilder();
    OsvReader.read(Path.of("src/test/resources/redash/advisories"), advisory -> {
      for (AdvisoryDocument doc : AdvisoryDocuments.of(advisory).documents()) {
        for (Finding f : matcher.match(doc)) {
          append(body, layout, f.id(), f.toDocument());
        }
        // As the operator's ContainerFindingsMatch: the same rule on the images, then their containers.
        var rule = MatchRule.of(doc);
        for (JsonNode image : imagePackages) {
          if (rule.isEmpty() || !rule.get().matches(image)) {
            continue;
          }
          String fingerprint = image.at("/reunir/image/fingerprint").asText();
          for (JsonNode container : containers) {
            if (container.at("/reunir/container/fingerprint").asText().equals(fingerprint)) {
              var f = ContainerFinding.of(doc, image, ContainerFinding.RunningContainer.of(container), matched);
              append(body, layout, f.id(), f.toDocument());
            }
          }
        }
      }
    });
    JsonNode bulk = es.ok("POST", "/_bulk?refresh=true", body.toString());
    if (bulk.path("errors").asBoolean()) {
      throw new IllegalStateException("indexing findings: " + bulk);
    }
  }

  private static void append(StringBuilder body, IndexLayout layout, String id, JsonNode document) {
    var action = EsHttp.JSON.createObjectNode();
    action.putObject("index").put("_index", layout.findings()).put("_id", id);
    body.append(action).append('\n').append(document).append('\n');
  }

  private static List<JsonNode> sources(EsHttp es, String index) throws IOException, InterruptedException {
    List<JsonNode> sources = new ArrayList<>();
    es.ok("POST", "/" + index + "/_search", "{\"size\": 1000}").at("/hits/hits")
        .forEach(hit -> sources.add(hit.get("_source")));
    return sources;
  }
}
