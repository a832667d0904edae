package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every hit of a query on an index, page by page: a point in time and {@code search_after} on
 * {@code _shard_doc}, so one page is in memory at a time and the pages are of one consistent view.
 */
final class Scan {
  static final int PAGE = 1000;
  private static final int TERMS_PER_QUERY = 10_000;
  private static final String KEEP_ALIVE = "2m";

  interface HitSink {
    void accept(Hit<ObjectNode> hit) throws IOException;
  }

  private Scan() {}

  static Query query(String json) {
    return Query.of(q -> q.withJson(new StringReader(json)));
  }

  /**
   * Most scans (one advisory's findings, one node's packages) fit one page: a plain search answers
   * them, and only a larger answer opens a point in time and reads it again, page by page.
   */
  static void all(ElasticsearchClient es, String index, Query query, List<String> sourceFields,
      HitSink sink) throws IOException {
    var first = es.search(s -> {
      s.index(index).ignoreUnavailable(true).query(query).size(PAGE).trackTotalHits(t -> t.count(PAGE + 1));
      if (sourceFields != null) {
        s.source(src -> src.filter(f -> f.includes(sourceFields)));
      }
      return s;
    }, ObjectNode.class);
    var total = first.hits().total();
    if (total != null && total.value() <= PAGE) {
      for (Hit<ObjectNode> hit : first.hits().hits()) {
        sink.accept(hit);
      }
      return;
    }
    byPointInTime(es, index, query, sourceFields, sink);
  }

  private static void byPointInTime(ElasticsearchClient es, String index, Query query,
      List<String> sourceFields, HitSink sink) throws IOException {
    String pit = es.openPointInTime(o -> o.index(index).ignoreUnavailable(true)
        .keepAlive(k -> k.time(KEEP_ALIVE))).id();
    try {
      List<FieldValue> after = null;
      while (true) {
        List<FieldValue> from = after;
        var page = es.search(s -> {
          s.pit(p -> p.id(pit).keepAlive(k -> k.time(KEEP_ALIVE))).query(query).size(PAGE)
              .sort(o -> o.field(f -> f.field("_shard_doc")));
          if (sourceFields != null) {
            s.source(src -> src.filter(f -> f.includes(sourceFields)));
          }
          if (from != null) {
            s.searchAfter(from);
          }
          return s;
        }, ObjectNode.class);
        var hits = page.hits().hits();
        for (Hit<ObjectNode> hit : hits) {
          sink.accept(hit);
        }
        if (hits.size() < PAGE) {
          return;
        }
        after = hits.get(hits.size() - 1).sort();
      }
    } finally {
      es.closePointInTime(c -> c.id(pit));
    }
  }

  /** Values in slices small enough for one {@code terms} query. */
  static List<List<String>> chunks(List<String> values) {
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < values.size(); i += TERMS_PER_QUERY) {
      chunks.add(values.subList(i, Math.min(values.size(), i + TERMS_PER_QUERY)));
    }
    return chunks;
  }

  /** The distinct values of a keyword field of an index, a composite aggregation page at a time. */
  static Set<String> distinct(ElasticsearchClient es, String index, String field, Query filter)
      throws IOException {
    Set<String> values = new TreeSet<>();
    Map<String, FieldValue> after = null;
    while (true) {
      Map<String, FieldValue> from = after;
      var answer = es.search(s -> {
        s.index(index).ignoreUnavailable(true).size(0).aggregations("values", a -> a.composite(c -> {
          c.size(1000).sources(List.of(Map.of("value", CompositeAggregationSource.of(
              src -> src.terms(t -> t.field(field))))));
          return from == null ? c : c.after(from);
        }));
        return filter == null ? s : s.query(filter);
      }, Void.class);
      var composite = answer.aggregations().get("values").composite();
      for (CompositeBucket bucket : composite.buckets().array()) {
        values.add(bucket.key().get("value").stringValue());
      }
      if (composite.afterKey() == null || composite.afterKey().isEmpty()
          || composite.buckets().array().isEmpty()) {
        return values;
      }
      after = composite.afterKey();
    }
  }
}
