package io.reunir.agent.redash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.SnapshotDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Puts the fixture fleet into Elasticsearch as the agent would: one {@code <prefix>-<name>-v1} index
 * per document kind behind the {@code <prefix>-<name>} alias, documents rendered by {@link Documents}.
 */
final class FleetIndex {
  static final List<String> KINDS = List.of("nodes", "packages", "services", "changes");

  private FleetIndex() {}

  static void load(EsHttp es, String prefix, FleetFixture fleet) throws IOException, InterruptedException {
    for (String kind : KINDS) {
      es.send("DELETE", "/" + prefix + "-" + kind + "-v1", null, "application/json");
      ObjectNode body = (ObjectNode) mapping(kind);
      body.putObject("aliases").putObject(prefix + "-" + kind);
      es.ok("PUT", "/" + prefix + "-" + kind + "-v1", body.toString());
    }
    var bulk = new StringBuilder();
    for (FleetFixture.Node node : fleet.nodes) {
      ObjectNode docs = SnapshotDocuments.render(node.snapshot(), node.context());
      String id = node.context().clusterName() + "/" + Documents.nodeName(node.snapshot());
      add(bulk, prefix + "-nodes", id, docs.get("node"));
      for (JsonNode pkg : docs.get("packages")) {
        ObjectNode doc = (ObjectNode) pkg;
        add(bulk, prefix + "-packages", id + "/" + text(doc, "package", "type") + "/"
            + text(doc, "package", "name") + "/" + text(doc, "package", "architecture"), doc);
      }
      for (JsonNode service : docs.get("services")) {
        add(bulk, prefix + "-services", id + "/" + text(service, "service", "name"), service);
      }
    }
    for (FleetFixture.Change change : fleet.changes) {
      add(bulk, prefix + "-changes", null, changeDoc(fleet, change));
    }
    JsonNode result = es.send("POST", "/_bulk?refresh=true", bulk.toString(), "application/x-ndjson").body();
    if (result.path("errors").asBoolean(true)) {
      List<String> failures = new java.util.ArrayList<>();
      result.path("items").forEach(item -> {
        JsonNode outcome = item.path("index");
        if (outcome.has("error")) {
          failures.add(outcome.path("_index").asText() + " " + outcome.path("_id").asText() + ": "
              + outcome.path("error").path("reason").asText());
        }
      });
      throw new IllegalStateException("bulk indexing of the fixture fleet failed: " + failures);
    }
  }

  /** A change event: the package document's fields plus what happened, when, and the old version. */
  private static ObjectNode changeDoc(FleetFixture fleet, FleetFixture.Change change) {
    FleetFixture.Node node = fleet.node(change.node());
    PackageRecord pkg = change.pkg();
    ObjectNode doc = Documents.packageDoc(node.snapshot(), node.context(), pkg, false);
    doc.put("@timestamp", change.at().toString());
    ((ObjectNode) doc.get("reunir").get("package")).remove("in_use");
    if (change.previousVersion() != null) {
      ((ObjectNode) doc.get("reunir").get("package")).put("previous_version", change.previousVersion());
    }
    doc.putObject("event").put("kind", "event").put("action", change.action());
    return doc;
  }

  private static JsonNode mapping(String kind) throws IOException {
    String resource = "/redash/interim-mappings/" + kind + ".json";
    try (InputStream in = FleetIndex.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return EsHttp.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static void add(StringBuilder bulk, String index, String id, JsonNode doc) {
    ObjectNode action = EsHttp.JSON.createObjectNode();
    ObjectNode meta = action.putObject("index").put("_index", index);
    if (id != null) {
      meta.put("_id", id);
    }
    bulk.append(action).append('\n').append(doc).append('\n');
  }

  private static String text(JsonNode doc, String... path) {
    JsonNode node = doc;
    for (String part : path) {
      node = node.path(part);
    }
    return node.asText();
  }
}
