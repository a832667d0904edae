package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.DocumentKinds;
import io.reunir.contract.index.IndexLayout;
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

  static Result check(EsClient es, IndexLayout layout, NodeInventory.NodeKey node, SyncState state)
      throws EsException {
    var response = es.post("/" + DocumentKinds.aliases(layout)
        + "/_search?filter_path=aggregations", body(node).toString());
    if (response.status() == 404) {
      return new Result(true, Optional.of("an index or alias is missing ("
          + EsClient.reason(response.body()) + ")"));
    }
    if (!response.ok()) {
      throw EsClient.error("checking " + DocumentKinds.aliases(layout), response);
    }
    return compare(layout, expected(state), response.json());
  }

  static ObjectNode body(NodeInventory.NodeKey node) {
    ObjectNode body = StateReader.query(node);
    body.remove("sort");
    body.remove("_source");
    body.put("size", 0).put("track_total_hits", false);
    var byIndex = body.putObject("aggs").putObject("by_index");
    byIndex.putObject("terms").put("field", "_index").put("size", 10);
    byIndex.putObject("aggs").putObject("newest").putObject("max").put("field", "@timestamp");
    return body;
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

  static Result compare(IndexLayout layout, Map<String, Expected> expected, JsonNode answer) {
    Map<String, Expected> found = new TreeMap<>();
    for (JsonNode bucket : answer.path("aggregations").path("by_index").path("buckets")) {
      String concrete = bucket.path("key").asText();
      String index = DocumentKinds.ofConcreteIndex(layout, concrete).map(kind -> kind.name())
          .orElse(concrete);
      var previous = found.getOrDefault(index, new Expected(0, 0));
      found.put(index, new Expected(previous.count() + bucket.path("doc_count").asLong(),
          Math.max(previous.newest(), bucket.path("newest").path("value").asLong(0))));
    }
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
