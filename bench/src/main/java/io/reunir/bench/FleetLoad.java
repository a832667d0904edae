package io.reunir.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.sync.NodeInventory;
import io.reunir.agent.sync.TemplateInstall;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Puts a simulated fleet's documents into Elasticsearch as plain bulk index actions: the documents
 * the agent renders for each node ({@link NodeInventory}, heartbeat included), without the agent's
 * read-back and per-item bookkeeping, which the fleet benchmark already measures. The advisory
 * benchmark needs only the fleet's state, and the agent's path would take most of its time budget.
 */
final class FleetLoad {
  private static final int BATCH_BYTES = RawBulk.BATCH_BYTES;

  private FleetLoad() {}

  /** Indexes nodes {@code 0..nodes-1}, {@code threads} bulks at a time; returns the documents written. */
  static long load(ElasticsearchClient es, String prefix, int nodes, int threads,
      IntFunction<Snapshot> snapshots, DocumentContext context) throws Exception {
    TemplateInstall.ensure(es, prefix);
    var layout = new IndexLayout(prefix);
    // A bulk load: no refresh until it is done, as Elasticsearch's guide to indexing speed advises.
    es.indices().putSettings(s -> s.index(layout.packages()).settings(i -> i.refreshInterval(t -> t.time("-1"))));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(pool.submit(() -> {
          long written = 0;
          for (int node = first; node < nodes; node += threads) {
            written += index(es, layout, NodeInventory.of(snapshots.apply(node), context));
          }
          return written;
        }));
      }
      long written = 0;
      for (var part : parts) {
        written += part.get();
      }
      return written;
    } finally {
      pool.shutdown();
      es.indices().putSettings(s -> s.index(layout.packages()).settings(i -> i.refreshInterval(t -> t.time("1s"))));
    }
  }

  /** One node's documents, in bulks of at most the agent's batch size. */
  static long index(ElasticsearchClient es, IndexLayout layout, NodeInventory inventory) throws IOException {
    var batch = new ArrayList<BulkOperation>();
    long bytes = 0;
    long written = 0;
    for (var doc : inventory.documents()) {
      String index = layout.alias(doc.index());
      var source = BinaryData.of(doc.json(), ContentType.APPLICATION_JSON);
      batch.add(BulkOperation.of(o -> o.index(x -> x.index(index).id(doc.id()).document(source))));
      bytes += doc.json().length;
      if (bytes >= BATCH_BYTES) {
        written += send(es, batch);
        bytes = 0;
      }
    }
    var heartbeat = BinaryData.of(inventory.heartbeat().toString().getBytes(StandardCharsets.UTF_8),
        ContentType.APPLICATION_JSON);
    batch.add(BulkOperation.of(o -> o.index(x -> x.index(layout.nodes()).id(inventory.node().id())
        .document(heartbeat))));
    return written + send(es, batch);
  }

  private static long send(ElasticsearchClient es, List<BulkOperation> batch) throws IOException {
    var response = es.bulk(b -> b.operations(batch));
    if (response.errors()) {
      throw new IOException("fleet bulk refused: " + response.items().stream()
          .filter(item -> item.error() != null).findFirst()
          .map(item -> item.id() + ": " + item.error().type() + ": " + item.error().reason()).orElse(""));
    }
    long sent = batch.size();
    batch.clear();
    return sent;
  }
}
