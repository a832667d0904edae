package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads back, for one node, the {@code _id} and content hash of every package and service document
 * Elasticsearch holds, with a scroll sorted by {@code _doc} (sorting on {@code _id} is disallowed in
 * 8.x, and point-in-time is missing from the minimal distribution). Only the few fields the planner
 * needs come back, through {@code _source} filtering.
 */
public final class StateReader {
  private static final int PAGE = 1000;
  private static final String KEEP_ALIVE = "1m";

  private StateReader() {}

  public static Map<String, StateEntry> read(EsClient es, IndexLayout layout, NodeInventory.NodeKey node)
      throws EsException {
    Map<String, StateEntry> found = new HashMap<>();
    readIndex(es, layout.packages(), "packages", node, found);
    readIndex(es, layout.services(), "services", node, found);
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
    body.putArray("_source").add("reunir.hash").add("package.type").add("package.name")
        .add("package.architecture").add("package.version").add("service.name").add("service.state");
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
    if (index.equals("packages")) {
      JsonNode pkg = source.path("package");
      return new StateEntry(index, hash, text(pkg.path("type")), text(pkg.path("name")),
          text(pkg.path("architecture")), text(pkg.path("version")));
    }
    JsonNode service = source.path("service");
    return new StateEntry(index, hash, null, text(service.path("name")), null,
        text(service.path("state")));
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
