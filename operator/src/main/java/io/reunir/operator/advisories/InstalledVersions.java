package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.match.PackageFields;
import io.reunir.contract.doc.Doc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct installed package versions of a fleet, as Elasticsearch aggregates them: one entry
 * per (name, source, distribution release, type, version key) whatever the number of nodes that
 * have it, with exactly the fields a match rule reads, so {@code MatchRule.matches} decides on an
 * entry what it would decide on each of those nodes' package documents. A page at a time.
 */
final class InstalledVersions {
  /** Name first: a package's entries come together, so its advisories are read for few pages. */
  private static final List<String> FIELDS = List.of(PackageFields.NAME, PackageFields.SOURCE,
      PackageFields.OS_PLATFORM, PackageFields.OS_VERSION, PackageFields.OS_FULL, PackageFields.TYPE,
      PackageFields.VERSION_KEY);
  private static final int PAGE = 1000;

  interface PageSink {
    void accept(List<ObjectNode> entries) throws IOException;
  }

  private InstalledVersions() {}

  static void pages(ElasticsearchClient es, String index, PageSink sink) throws IOException {
    List<Map<String, CompositeAggregationSource>> sources = new ArrayList<>();
    for (String field : FIELDS) {
      sources.add(Map.of(field, CompositeAggregationSource.of(s -> s.terms(t -> t.field(field).missingBucket(true)))));
    }
    Map<String, FieldValue> after = null;
    while (true) {
      Map<String, FieldValue> from = after;
      var answer = es.search(s -> s.index(index).ignoreUnavailable(true).size(0)
          .aggregations("versions", a -> a.composite(c -> {
            c.size(PAGE).sources(sources);
            return from == null ? c : c.after(from);
          })), Void.class);
      var composite = answer.aggregations().get("versions").composite();
      List<ObjectNode> entries = new ArrayList<>();
      for (CompositeBucket bucket : composite.buckets().array()) {
        var doc = new Doc();
        for (String field : FIELDS) {
          FieldValue value = bucket.key().get(field);
          doc.put(field, value == null || value.isNull() ? null : value.stringValue());
        }
        entries.add(doc.json());
      }
      if (!entries.isEmpty()) {
        sink.accept(entries);
      }
      if (composite.afterKey() == null || composite.afterKey().isEmpty() || entries.size() < PAGE) {
        return;
      }
      after = new LinkedHashMap<>(composite.afterKey());
    }
  }
}
