package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and deletes to one index, sent in bulk batches, with what they did: documents written and
 * deleted, and the failures, the first ones named.
 */
final class BulkWriter {
  static final int ERRORS_KEPT = 100;
  private static final int BULK = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ElasticsearchClient es;
  private final String index;
  private final List<BulkOperation> pending = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private int written;
  private int deleted;
  private int errorCount;

  BulkWriter(ElasticsearchClient es, String index) {
    this.es = es;
    this.index = index;
  }

  void write(String id, ObjectNode document) throws IOException {
    queue(BulkOperation.of(op -> op.index(i -> i.index(index).id(id).document(document))));
  }

  /**
   * Writes {@code document} unless {@code stored} (its indexed source, or null) already holds the same
   * content; both are compared as parsed JSON, so number formatting does not count as a change.
   */
  void writeIfChanged(String id, ObjectNode document, JsonNode stored) throws IOException {
    if (stored == null || !JSON.readTree(document.toString()).equals(JSON.readTree(stored.toString()))) {
      write(id, document);
    }
  }

  void delete(String id) throws IOException {
    queue(BulkOperation.of(op -> op.delete(d -> d.index(index).id(id))));
  }

  private void queue(BulkOperation op) throws IOException {
    pending.add(op);
    if (pending.size() >= BULK) {
      flush();
    }
  }

  void flush() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    var ops = List.copyOf(pending);
    pending.clear();
    var response = es.bulk(BulkRequest.of(b -> b.operations(ops)));
    for (int i = 0; i < ops.size(); i++) {
      BulkResponseItem item = response.items().get(i);
      if (item.error() != null) {
        error(item.id() + ": " + item.error().type() + ": " + item.error().reason());
      } else if (ops.get(i).isDelete()) {
        deleted++;
      } else {
        written++;
      }
    }
  }

  void error(String line) {
    if (errorCount++ < ERRORS_KEPT) {
      errors.add(line);
    }
  }

  int written() {
    return written;
  }

  int deleted() {
    return deleted;
  }

  int errorCount() {
    return errorCount;
  }

  List<String> errors() {
    return List.copyOf(errors);
  }
}
