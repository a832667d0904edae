package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.AdvisoryDocuments;
import io.reunir.advisories.Fields;
import io.reunir.advisories.osv.OsvReader;
import io.reunir.advisories.osv.ReadError;
import io.reunir.advisories.osv.ReadReport;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Imports an OSV export (a file, a directory or a zip, read by {@link OsvReader} one record at a time)
 * into {@code <prefix>-advisories}, in batches: each batch's ids are read back with one {@code mget} of
 * their stored content hash, and only the documents whose content changed are bulk-indexed. So a
 * re-import of an unchanged export writes nothing, and memory is one batch whatever the export's size.
 */
public final class AdvisoryImport {
  public static final int ERRORS_KEPT = 100;
  static final String HASH_FIELD = "reunir.advisory.content_hash";
  private static final int BATCH = 500;

  private final ElasticsearchClient es;
  private final String index;
  private final String source;
  private final Predicate<String> wanted;
  private final SeenIds seen = new SeenIds();
  private final Consumer<AdvisoryDocument> changed;
  private final Map<String, Pending> batch = new LinkedHashMap<>();
  private final List<String> errors = new ArrayList<>();
  private final Set<String> ecosystems = new TreeSet<>();
  private int documents;
  private int written;
  private int unchanged;
  private int skipped;
  private int errorCount;

  private record Pending(AdvisoryDocument advisory, ObjectNode document, String hash) {}

  /**
   * @param source the {@code AdvisorySource} ({@code namespace/name}) the documents are marked with
   * @param wanted which ecosystems ({@code Debian:12}) to import
   * @param changed told of every document that was written, after its batch is in the index
   */
  public AdvisoryImport(ElasticsearchClient es, IndexLayout layout, String source, Predicate<String> wanted,
      Consumer<AdvisoryDocument> changed) {
    this.es = es;
    this.index = layout.advisories();
    this.source = source;
    this.wanted = wanted;
    this.changed = changed;
  }

  /** Reads {@code export} whole; an Elasticsearch that cannot be reached ends the import with an IOException. */
  public ImportReport run(Path export) throws IOException {
    ReadReport read;
    try {
      read = OsvReader.read(export, advisory -> {
        var conversion = AdvisoryDocuments.of(advisory);
        conversion.problems().forEach(this::error);
        for (AdvisoryDocument doc : conversion.documents()) {
          add(doc);
        }
      });
      flush();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (ReadError e : read.errors()) {
      error(e.line());
    }
    // Errors past the reader's kept ones are counted all the same.
    errorCount += read.errorCount() - read.errors().size();
    return new ImportReport(read.records(), documents, written, unchanged, skipped, errorCount,
        List.copyOf(errors), Set.copyOf(ecosystems));
  }

  private void add(AdvisoryDocument doc) {
    if (!wanted.test(doc.ecosystem())) {
      skipped++;
      return;
    }
    documents++;
    ecosystems.add(doc.ecosystem());
    seen.add(doc.id());
    ObjectNode document = doc.toDocument();
    ObjectNode advisory = (ObjectNode) document.path("reunir").path("advisory");
    advisory.put("source", source);
    String hash = hash(document);
    advisory.put("content_hash", hash);
    // A record that lists one package twice (AlmaLinux's do) gives one document: the last wins.
    batch.put(doc.id(), new Pending(doc, document, hash));
    if (batch.size() >= BATCH) {
      try {
        flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The ids this import read: what {@link AdvisoryRemoval} keeps. */
  SeenIds seen() {
    return seen;
  }

  private void flush() throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    var stored = es.mget(m -> m.index(index).ids(List.copyOf(batch.keySet()))
        .sourceIncludes(HASH_FIELD), ObjectNode.class);
    Map<String, String> hashes = new LinkedHashMap<>();
    for (MultiGetResponseItem<ObjectNode> item : stored.docs()) {
      if (item.isResult() && item.result().found() && item.result().source() != null) {
        hashes.put(item.result().id(), Fields.text(item.result().source(), HASH_FIELD));
      }
    }
    var bulk = new BulkRequest.Builder();
    var toWrite = new ArrayList<Pending>();
    for (var entry : batch.entrySet()) {
      Pending p = entry.getValue();
      if (p.hash().equals(hashes.get(entry.getKey()))) {
        unchanged++;
        continue;
      }
      toWrite.add(p);
      bulk.operations(op -> op.index(i -> i.index(index).id(entry.getKey()).document(p.document())));
    }
    batch.clear();
    if (toWrite.isEmpty()) {
      return;
    }
    BulkResponse response = es.bulk(bulk.build());
    List<BulkResponseItem> items = response.items();
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      AdvisoryDocument doc = toWrite.get(i).advisory();
      if (item.error() != null) {
        error(doc.id() + ": not indexed: " + item.error().type() + ": " + item.error().reason());
      } else {
        written++;
        changed.accept(doc);
      }
    }
  }

  private void error(String line) {
    errorCount++;
    if (errors.size() < ERRORS_KEPT) {
      errors.add(line);
    }
  }

  /** The content's hash, so an unchanged document is recognised without reading it back whole. */
  static String hash(ObjectNode document) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(document.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
