package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

/**
 * Every hit of a query on an index, page by page: a point in time and {@code search_after} on
 * {@code _shard_doc}, so one page is in memory at a time and the pages are of one consistent view.
 */
final class Scan {
  private static final int PAGE = 1000;
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
}
