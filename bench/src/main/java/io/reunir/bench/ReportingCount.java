package io.reunir.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.agent.model.AgentVersion;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.OsFacts;
import io.reunir.agent.model.Snapshot;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import io.reunir.agent.sync.TemplateInstall;
import io.reunir.agent.sync.NodeInventory;
import io.reunir.operator.elasticsearch.InventoryStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The operator's status queries at fleet scale: {@code ReportingCount ES_URL [NODES]} indexes one
 * heartbeat per simulated node (as agents write them) and times the operator's own
 * {@link InventoryStore} calls: the {@code nodes.reporting} count and the node-name listing the
 * stale-node cleanup uses. Prints {@code key=value} lines (milliseconds, medians of 21 calls).
 */
public final class ReportingCount {
  static final String CLUSTER = "bench-ops";
  static final String POLICY = "ops-policy";
  static final String PREFIX = "benchops";
  private static final int ROUNDS = 21;

  private ReportingCount() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ReportingCount ES_URL [NODES]");
      System.exit(2);
    }
    String url = args[0];
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    var es = connect(url);
    TemplateInstall.ensure(es, PREFIX);
    Instant now = Instant.now();
    indexHeartbeats(es, nodes, now);
    es.indices().refresh(r -> r.index(PREFIX + "-nodes"));
    Instant since = now.minus(Duration.ofHours(2));
    int[] count = new int[1];
    int[] names = new int[1];
    double countMs;
    double namesMs;
    try (var store = InventoryStore.connect(new EsEndpoint(List.of(URI.create(url)), null, null), PREFIX)) {
      countMs = medianMillis(() -> count[0] = store.countNodesSeenSince(CLUSTER, POLICY, since));
      namesMs = medianMillis(() -> names[0] = store.nodeNames(CLUSTER, POLICY).size());
    }
    if (count[0] != nodes || names[0] != nodes) {
      System.err.printf("ReportingCount: expected %d nodes, the count said %d and the names %d%n",
          nodes, count[0], names[0]);
      System.exit(1);
    }
    System.out.printf("ops_nodes=%d%nops_reporting_ms=%.1f%nops_names_ms=%.1f%n", nodes, countMs, namesMs);
  }

  /** One heartbeat per node named {@code ops-node-NNNNN}, as the agents of policy {@value POLICY} write them. */
  /** The Elasticsearch Java client as the agent and the operator build it, for a bench's set-up. */
  static ElasticsearchClient connect(String url) throws java.io.IOException {
    return EsClients.connect(new EsEndpoint(List.of(URI.create(url)), null, null), Duration.ofSeconds(60));
  }

  static void indexHeartbeats(ElasticsearchClient es, int nodes, Instant now) throws Exception {
    var context = new DocumentContext(CLUSTER, POLICY, AgentVersion.current());
    var layout = new IndexLayout(PREFIX);
    var batch = new ArrayList<BulkOperation>();
    for (int i = 0; i < nodes; i++) {
      String name = String.format("ops-node-%05d", i);
      var os = new OsFacts(name, null, null, null, null, "6.1.0-28-amd64", "x86_64", null);
      var inventory = NodeInventory.of(Snapshot.builder("ops-" + i, now).nodeName(name).os(os).build(), context);
      var source = BinaryData.of(inventory.heartbeat().toString().getBytes(StandardCharsets.UTF_8),
          ContentType.APPLICATION_JSON);
      batch.add(BulkOperation.of(o -> o.index(x -> x.index(layout.nodes()).id(inventory.node().id())
          .document(source))));
      if ((i + 1) % 1000 == 0 || i + 1 == nodes) {
        var response = es.bulk(b -> b.operations(batch));
        if (response.errors()) {
          throw new IllegalStateException("bulk of heartbeats refused: " + response.items().stream()
              .filter(item -> item.error() != null).findFirst().map(item -> item.error().reason()).orElse(""));
        }
        batch.clear();
      }
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static double medianMillis(Call call) throws Exception {
    for (int i = 0; i < 5; i++) {
      call.run(); // warm-up: connections, query caches, JIT
    }
    double[] millis = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      call.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return millis[ROUNDS / 2];
  }
}
