package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.DocumentKinds;
import io.reunir.agent.model.IndexedKind;
import io.reunir.contract.index.IndexLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads back, for one node, the {@code _id} and content hash of every document of the indexed
 * {@link DocumentKinds kinds} (packages, services) Elasticsearch holds. Only the few fields the planner needs come back, through {@code _source}
 * filtering.
 *
 * <p>One plain search over both indices answers for a node with up to {@link #AT_ONCE} documents (and
 * for every agent of a new fleet, which finds nothing); only a larger node is read again with a scroll
 * per index, sorted by {@code _doc} (sorting on {@code _id} is disallowed in 8.x, and point-in-time is
 * missing from the minimal distribution). A scroll costs a search, a page and a clear for each index.
 */
public final class StateReader {
  static final int AT_ONCE = 2000;
  private static final int PAGE = 1000;
  private static final String KEEP_ALIVE = "1m";

  private StateReader() {}

  public static Map<String, StateEntry> read(EsClient es, IndexLayout layout, NodeInventory.NodeKey node)
      throws EsException {
    // ignore_unavailable: a missing index holds nothing, as a 404 of the scroll said before.
    var response = es.post("/" + DocumentKinds.aliases(layout)
        + "/_search?ignore_unavailable=true", atOnce(layout, node).toString());
    if (!response.ok()) {
      throw EsClient.error("reading back " + DocumentKinds.aliases(layout), response);
    }
    Map<String, StateEntry> found = entries(layout, response.json());
    return found != null ? found : readByScroll(es, layout, node);
  }

  /**
   * Like {@link #read}, but its search names all four aliases of the prefix, so it also proves that
   * they exist: null when one is missing (or may not be read), and the caller then sets the indices
   * up and reads again. A starting agent thus makes no template or alias requests of its own when the
   * indices are there, as they usually are (the operator or another agent put them there).
   */
  public static Map<String, StateEntry> readIfIndicesExist(EsClient es, IndexLayout layout,
      NodeInventory.NodeKey node) throws EsException {
    String targets = String.join(",", IndexLayout.NAMES.stream().map(layout::alias).toList());
    var response = es.post("/" + targets + "/_search", atOnce(layout, node).toString());
    if (response.status() == 404 || response.status() == 403) {
      return null;
    }
    if (!response.ok()) {
      throw EsClient.error("reading back " + targets, response);
    }
    Map<String, StateEntry> found = entries(layout, response.json());
    return found != null ? found : readByScroll(es, layout, node);
  }

  private static Map<String, StateEntry> readByScroll(EsClient es, IndexLayout layout,
      NodeInventory.NodeKey node) throws EsException {
    Map<String, StateEntry> found = new HashMap<>();
    for (IndexedKind<?> kind : DocumentKinds.indexed()) {
      readIndex(es, layout.alias(kind.name()), kind.name(), node, found);
    }
    return found;
  }

  /** One search for up to {@link #AT_ONCE} package and service documents, whatever aliases it names. */
  static ObjectNode atOnce(IndexLayout layout, NodeInventory.NodeKey node) {
    ObjectNode body = query(node).put("size", AT_ONCE).put("track_total_hits", true);
    var only = ((ObjectNode) body.path("query").path("bool")).withArray("filter").addObject()
        .putObject("bool");
    only.put("minimum_should_match", 1);
    var should = only.putArray("should");
    for (IndexedKind<?> kind : DocumentKinds.indexed()) {
      should.add(prefixOfIndex(layout.alias(kind.name()) + "-"));
    }
    return body;
  }

  private static ObjectNode prefixOfIndex(String prefix) {
    ObjectNode query = EsClient.JSON.createObjectNode();
    query.putObject("prefix").put("_index", prefix);
    return query;
  }

  /** The entries of a search answer; null when it holds fewer hits than the node has documents. */
  private static Map<String, StateEntry> entries(IndexLayout layout, JsonNode answer) {
    JsonNode hits = answer.path("hits");
    if (hits.path("total").path("value").asLong(-1) != hits.path("hits").size()) {
      return null;
    }
    Map<String, StateEntry> found = new HashMap<>();
    for (JsonNode hit : hits.path("hits")) {
      // _index names the concrete index behind the alias (prefix-services-v1).
      var kind = DocumentKinds.ofConcreteIndex(layout, hit.path("_index").asText());
      if (kind.isPresent()) {
        found.put(hit.path("_id").asText(), entry(kind.get().name(), hit.path("_source")));
      }
    }
    return found;
  }

  private static void readIndex(EsClient es, String alias, String index, NodeInventory.NodeKey node,
      Map<String, StateEntry> found) throws EsException {
    var response = es.post("/" + alias + "/_search?scroll=" + KEEP_ALIVE, query(node).toString());
    if (response.status() == 404) {
      return;
    }
    if (!response.ok()) {
      throw EsClient.error("reading back " + alias, response);
    }
    JsonNode page = response.json();
    String scrollId = page.path("_scroll_id").asText(null);
    try {
      while (true) {
        JsonNode hits = page.path("hits").path("hits");
        if (hits.isEmpty()) {
          return;
        }
        for (JsonNode hit : hits) {
          found.put(hit.path("_id").asText(), entry(index, hit.path("_source")));
        }
        var body = EsClient.JSON.createObjectNode().put("scroll", KEEP_ALIVE).put("scroll_id", scrollId);
        var next = es.post("/_search/scroll", body.toString());
        if (!next.ok()) {
          throw EsClient.error("reading back " + alias, next);
        }
        page = next.json();
        scrollId = page.path("_scroll_id").asText(scrollId);
      }
    } finally {
      if (scrollId != null) {
        var body = EsClient.JSON.createObjectNode();
        body.putArray("scroll_id").add(scrollId);
        try {
          es.send("DELETE", "/_search/scroll", body.toString(), "application/json");
        } catch (EsException e) {
          // The scroll expires on its own within KEEP_ALIVE.
        }
      }
    }
  }

  static ObjectNode query(NodeInventory.NodeKey node) {
    ObjectNode body = EsClient.JSON.createObjectNode();
    body.put("size", PAGE);
    body.putArray("sort").add("_doc");
    var source = body.putArray("_source").add("@timestamp").add("reunir.hash");
    DocumentKinds.indexed().forEach(kind -> kind.sourceFields().forEach(source::add));
    var bool = body.putObject("query").putObject("bool");
    var filter = bool.putArray("filter");
    filter.addObject().putObject("term").put("host.name", node.node());
    if (node.cluster() != null) {
      filter.addObject().putObject("term").put("orchestrator.cluster.name", node.cluster());
    } else {
      bool.putArray("must_not").addObject().putObject("exists").put("field", "orchestrator.cluster.name");
    }
    return body;
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
