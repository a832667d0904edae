package io.reunir.agent.redash;

import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.model.Snapshot;
import io.reunir.contract.index.IndexLayout;
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
  }
}
