package io.reunir.bench;

import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Snapshot;
import io.reunir.contract.index.IndexLayout;
import io.reunir.agent.sync.TemplateInstall;
import io.reunir.agent.sync.NodeInventory;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * The peer of the initial fleet sync: the same documents as plain {@code _bulk} NDJSON files, cut at
 * the agent's batch size (2 MiB), into their own prefix with the same index templates, for curl to
 * send. Only index actions: no read-back, no hashing, no per-item bookkeeping.
 */
final class RawBulk {
  static final int BATCH_BYTES = 2 * 1024 * 1024;

  record Written(long documents, long bytes, int files, String prefix) {}

  private RawBulk() {}

  static Written write(IntFunction<Snapshot> snapshots, FleetOptions options, DocumentContext context)
      throws IOException {
    String prefix = options.prefix() + "raw";
    var es = ReportingCount.connect(options.esUrl());
    TemplateInstall.ensure(es, prefix);
    es._transport().close();
    var layout = new IndexLayout(prefix);
    Files.createDirectories(options.ndjson());
    var batch = new ByteArrayOutputStream();
    long documents = 0;
    long bytes = 0;
    int files = 0;
    for (int node = 0; node < options.nodes(); node++) {
      var inventory = NodeInventory.of(snapshots.apply(node), context);
      for (var doc : inventory.documents()) {
        files += append(batch, line(layout.alias(doc.index()), doc.id(), doc.json()), options, files);
        documents++;
      }
      files += append(batch, line(layout.nodes(), inventory.node().id(),
          inventory.heartbeat().toString().getBytes(StandardCharsets.UTF_8)), options, files);
      documents++;
    }
    if (batch.size() > 0) {
      flush(batch, options.ndjson(), files++);
    }
    try (var listing = Files.list(options.ndjson())) {
      bytes = listing.mapToLong(p -> p.toFile().length()).sum();
    }
    return new Written(documents, bytes, files, prefix);
  }

  /** The NDJSON lines of an index action: the action, then the document's bytes as the agent sends them. */
  private static byte[] line(String index, String id, byte[] source) {
    var quote = JsonStringEncoder.getInstance();
    var out = new ByteArrayOutputStream(source.length + 64);
    out.writeBytes("{\"index\":{\"_index\":\"".getBytes(StandardCharsets.UTF_8));
    out.writeBytes(quote.quoteAsUTF8(index));
    out.writeBytes("\",\"_id\":\"".getBytes(StandardCharsets.UTF_8));
    out.writeBytes(quote.quoteAsUTF8(id));
    out.writeBytes("\"}}\n".getBytes(StandardCharsets.UTF_8));
    out.writeBytes(source);
    out.write('\n');
    return out.toByteArray();
  }

  /** Adds a document, first writing the batch out when it would pass the size; returns files written. */
  private static int append(ByteArrayOutputStream batch, byte[] item, FleetOptions options, int files)
      throws IOException {
    int written = 0;
    if (batch.size() > 0 && batch.size() + item.length > BATCH_BYTES) {
      flush(batch, options.ndjson(), files);
      written = 1;
    }
    batch.writeBytes(item);
    return written;
  }

  private static void flush(ByteArrayOutputStream batch, Path dir, int number) throws IOException {
    Files.write(dir.resolve(String.format("bulk-%06d.ndjson", number)), batch.toByteArray());
    batch.reset();
  }
}
