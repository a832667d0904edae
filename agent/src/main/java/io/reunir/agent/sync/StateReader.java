package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.model.DocumentKinds;
import io.reunir.agent.model.IndexedKind;
import io.reunir.contract.index.IndexLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back, for one node, the {@code _id} and content hash of every document of the indexed
 * {@link DocumentKinds kinds} (packages, services) Elasticsearch holds. Only the few fields the planner needs come back, through {@code _source}
 * filtering.
 *
 * <p>One plain search over both indices answers for a node with up to {@link #AT_ONCE} documents (and
 * for every agent of a new fleet, which finds nothing); only a larger node is read again in pages,
 * through a point in time over both indices with {@code search_after} on {@code _shard_doc}, which
 * costs an open and a close besides the pages.
 */
public final class StateReader {
  static final int AT_ONCE = 2000;
  private static final int PAGE = 1000;
  private static final Time KEEP_ALIVE = Time.of(t -> t.time("1m"));
  /** What the read-back needs of each document: its hash, its write time, and each kind's own fields. */
  private static final List<String> FIELDS = fields();

  private StateReader() {}

  private static List<String> fields() {
    List<String> fields = new ArrayList<>(List.of("@timestamp", "reunir.hash"));
    DocumentKinds.indexed().forEach(kind -> fields.addAll(kind.sourceFields()));
    return List.copyOf(fields);
  }

  public static Map<String, StateEntry> read(ElasticsearchClient es, IndexLayout layout,
      NodeInventory.NodeKey node) throws EsException {
    String what = "reading back " + DocumentKinds.aliases(layout);
    // ignore_unavailable: a missing index holds nothing.
    var answer = EsFailures.call(what, () -> es.search(atOnce(layout, node,
        DocumentKinds.aliasList(layout)).ignoreUnavailable(true).build(), JsonNode.class));
    Map<String, StateEntry> found = entries(layout, answer);
    return found != null ? found : readByPointInTime(es, layout, node);
  }

  /**
   * Like {@link #read}, but its search names all four aliases of the prefix, so it also proves that
   * they exist: null when one is missing (or may not be read), and the caller then sets the indices
   * up and reads again. A starting agent thus makes no template or alias requests of its own when the
   * indices are there, as they usually are (the operator or another agent put them there).
   */
  public static Map<String, StateEntry> readIfIndicesExist(ElasticsearchClient es, IndexLayout layout,
      NodeInventory.NodeKey node) throws EsException {
    List<String> targets = IndexLayout.NAMES.stream().map(layout::alias).toList();
    SearchResponse<JsonNode> answer;
    try {
      answer = EsFailures.call("reading back " + String.join(",", targets),
          () -> es.search(atOnce(layout, node, targets).build(), JsonNode.class));
    } catch (EsException e) {
      if (e.status() == 404 || e.status() == 403) {
        return null;
      }
      throw e;
    }
    Map<String, StateEntry> found = entries(layout, answer);
    return found != null ? found : readByPointInTime(es, layout, node);
  }

  /** One search for up to {@link #AT_ONCE} package and service documents, whatever aliases it names. */
  private static SearchRequest.Builder atOnce(IndexLayout layout, NodeInventory.NodeKey node,
      List<String> targets) {
    Query packagesOrServices = Query.of(q -> q.bool(b -> {
      b.minimumShouldMatch("1");
      for (IndexedKind<?> kind : DocumentKinds.indexed()) {
        b.should(s -> s.prefix(p -> p.field("_index").value(layout.alias(kind.name()) + "-")));
      }
      return b;
    }));
    return new SearchRequest.Builder().index(targets).size(AT_ONCE).trackTotalHits(t -> t.enabled(true))
        .source(s -> s.filter(f -> f.includes(FIELDS)))
        .query(q -> q.bool(b -> b.filter(nodeQuery(node)).filter(packagesOrServices)));
  }

  /** The entries of a search answer; null when it holds fewer hits than the node has documents. */
  private static Map<String, StateEntry> entries(IndexLayout layout, SearchResponse<JsonNode> answer) {
    var hits = answer.hits();
    if (hits.total() == null || hits.total().value() != hits.hits().size()) {
      return null;
    }
    Map<String, StateEntry> found = new HashMap<>();
    addAll(layout, hits.hits(), found);
    return found;
  }

  private static void addAll(IndexLayout layout, List<Hit<JsonNode>> hits, Map<String, StateEntry> found) {
    for (var hit : hits) {
      // _index names the concrete index behind the alias (prefix-services-v1).
      var kind = DocumentKinds.ofConcreteIndex(layout, hit.index());
      if (kind.isPresent() && hit.source() != null) {
        found.put(hit.id(), entry(kind.get().name(), hit.source()));
      }
    }
  }

  /** Every page of the node's documents in both indices, in one point in time. */
  private static Map<String, StateEntry> readByPointInTime(ElasticsearchClient es, IndexLayout layout,
      NodeInventory.NodeKey node) throws EsException {
    String what = "reading back " + DocumentKinds.aliases(layout);
    String pit = EsFailures.call(what, () -> es.openPointInTime(o -> o
        .index(DocumentKinds.aliasList(layout)).keepAlive(KEEP_ALIVE).ignoreUnavailable(true))).id();
    Map<String, StateEntry> found = new HashMap<>();
    try {
      List<FieldValue> after = null;
      while (true) {
        String current = pit;
        var request = new SearchRequest.Builder().size(PAGE).trackTotalHits(t -> t.enabled(false))
            .pit(p -> p.id(current).keepAlive(KEEP_ALIVE))
            .sort(SortOptions.of(s -> s.field(f -> f.field("_shard_doc"))))
            .source(s -> s.filter(f -> f.includes(FIELDS)))
            .query(q -> q.bool(b -> b.filter(nodeQuery(node))));
        if (after != null) {
          request.searchAfter(after);
        }
        var page = EsFailures.call(what, () -> es.search(request.build(), JsonNode.class));
        pit = page.pitId() != null ? page.pitId() : pit;
        List<Hit<JsonNode>> hits = page.hits().hits();
        addAll(layout, hits, found);
        if (hits.size() < PAGE) {
          return found;
        }
        after = new ArrayList<>(hits.get(hits.size() - 1).sort());
      }
    } finally {
      String last = pit;
      try {
        EsFailures.call(what, () -> es.closePointInTime(c -> c.id(last)));
      } catch (EsException e) {
        // The point in time expires on its own within KEEP_ALIVE.
      }
    }
  }

  /** The node's documents: its name, and its cluster's (or none, outside Kubernetes). */
  static Query nodeQuery(NodeInventory.NodeKey node) {
    return Query.of(q -> q.bool(b -> {
      b.filter(f -> f.term(t -> t.field("host.name").value(node.node())));
      if (node.cluster() != null) {
        b.filter(f -> f.term(t -> t.field("orchestrator.cluster.name").value(node.cluster())));
      } else {
        b.mustNot(m -> m.exists(e -> e.field("orchestrator.cluster.name")));
      }
      return b;
    }));
  }

  private static StateEntry entry(String index, JsonNode source) {
    String hash = text(source.path("reunir").path("hash"));
    long written = millis(text(source.path("@timestamp")));
    var subject = DocumentKinds.indexed(index).subject(source);
    return new StateEntry(index, hash, subject.type(), subject.name(), subject.architecture(),
        subject.value(), written);
  }

  /** The agent writes {@code @timestamp} as an ISO instant; Elasticsearch keeps its milliseconds. */
  static long millis(String timestamp) {
    if (timestamp == null) {
      return 0L;
    }
    try {
      return java.time.Instant.parse(timestamp).toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      return 0L;
    }
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
