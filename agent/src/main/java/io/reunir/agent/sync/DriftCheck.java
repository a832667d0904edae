package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.model.DocumentKinds;
import io.reunir.contract.index.IndexLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cheap check of every cycle that Elasticsearch still holds what the agent believes it wrote: one
 * search of size 0 over the node's package and service documents, counted per index with the newest
 * {@code @timestamp} of each. Documents deleted behind the agent lower a count; an index deleted or a
 * cluster wiped answers 404 or 0; a cluster restored from an older snapshot lacks the newest writes, so
 * its newest timestamp is older (or a count differs, if the snapshot predates deletes). Any
 * disagreement triggers the full read-back, which repairs the difference in the same cycle.
 */
final class DriftCheck {
  private DriftCheck() {}

  /** What the check found: nothing wrong, an alias missing, or a difference in words. */
  record Result(boolean aliasMissing, Optional<String> drift) {
    static final Result IN_STEP = new Result(false, Optional.empty());

    boolean inStep() {
      return !aliasMissing && drift.isEmpty();
    }
  }

  /** Per index: how many documents with a hash, and the newest {@code @timestamp} among them. */
  record Expected(long count, long newest) {}

  static Result check(ElasticsearchClient es, IndexLayout layout, NodeInventory.NodeKey node, SyncState state)
      throws EsException {
    String what = "checking " + DocumentKinds.aliases(layout);
    List<StringTermsBucket> buckets;
    try {
      buckets = EsFailures.call(what, () -> es.search(request(layout, node), JsonNode.class))
          .aggregations().get("by_index").sterms().buckets().array();
    } catch (EsException e) {
      if (e.status() == 404) {
        return new Result(true, Optional.of("an index or alias is missing (" + e.getMessage() + ")"));
      }
      throw e;
    }
    Map<String, Found> found = new TreeMap<>();
    for (var bucket : buckets) {
      double newest = bucket.aggregations().get("newest").max().value();
      found.put(bucket.key().stringValue(), new Found(bucket.docCount(),
          Double.isFinite(newest) ? (long) newest : 0L));
    }
    return compare(layout, expected(state), found);
  }

  /** Per concrete index: how many of the node's documents, and the newest {@code @timestamp}. */
  record Found(long count, long newest) {}

  static SearchRequest request(IndexLayout layout, NodeInventory.NodeKey node) {
    return SearchRequest.of(s -> s.index(DocumentKinds.aliasList(layout)).size(0)
        .trackTotalHits(t -> t.enabled(false)).query(StateReader.nodeQuery(node))
        .aggregations("by_index", a -> a.terms(t -> t.field("_index").size(10))
            .aggregations("newest", n -> n.max(m -> m.field("@timestamp")))));
  }

  static Map<String, Expected> expected(SyncState state) {
    Map<String, long[]> sums = new TreeMap<>();
    for (StateEntry entry : state.entries().values()) {
      if (entry.hash() == null) {
        continue;
      }
      long[] sum = sums.computeIfAbsent(entry.index(), index -> new long[2]);
      sum[0]++;
      sum[1] = Math.max(sum[1], entry.written());
    }
    Map<String, Expected> expected = new TreeMap<>();
    sums.forEach((index, sum) -> expected.put(index, new Expected(sum[0], sum[1])));
    return expected;
  }

  static Result compare(IndexLayout layout, Map<String, Expected> expected, Map<String, Found> byIndex) {
    Map<String, Expected> found = new TreeMap<>();
    byIndex.forEach((concrete, bucket) -> {
      String index = DocumentKinds.ofConcreteIndex(layout, concrete).map(kind -> kind.name())
          .orElse(concrete);
      var previous = found.getOrDefault(index, new Expected(0, 0));
      found.put(index, new Expected(previous.count() + bucket.count(),
          Math.max(previous.newest(), bucket.newest())));
    });
    StringBuilder drift = new StringBuilder();
    var kinds = new java.util.TreeSet<>(expected.keySet());
    kinds.addAll(found.keySet());
    for (String kind : kinds) {
      var want = expected.getOrDefault(kind, new Expected(0, 0));
      var have = found.getOrDefault(kind, new Expected(0, 0));
      if (want.count() != have.count()) {
        drift.append(drift.isEmpty() ? "" : "; ").append(kind).append(": ").append(have.count())
            .append(" documents of this node, ").append(want.count()).append(" expected");
      } else if (want.newest() != 0 && want.newest() != have.newest()) {
        drift.append(drift.isEmpty() ? "" : "; ").append(kind)
            .append(": newest document older than the agent's last write (restored from a snapshot?)");
      }
    }
    return drift.isEmpty() ? Result.IN_STEP : new Result(false, Optional.of(drift.toString()));
  }
}
