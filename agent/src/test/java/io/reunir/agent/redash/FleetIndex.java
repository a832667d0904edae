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
import java.util.Map;

/**
 * Puts the fixture fleet into Elasticsearch as the agent would: one {@code <prefix>-<name>-v1} index
 * per document kind behind the {@code <prefix>-<name>} alias, documents rendered by {@link Documents}.
 */
final class FleetIndex {
  static final List<String> KINDS = List.of("nodes", "packages", "services", "changes");

  /**
   * Stand-in for {@code reunir.package.version_key} until the packages work lands: each fixture
   * version's rank in the package manager's order (checked with {@code dpkg --compare-versions} and
   * {@code rpm}'s rules), zero-padded so byte order is that order.
   */
  private static final Map<String, List<String>> ORDER = Map.of(
      "deb", List.of("0.17+2.4-2", "1.22.1-9", "1.22.1-9+deb12u1", "2.6.12-1+deb12u1",
          "3.0.2-0ubuntu1.18", "3.0.9-1", "3.0.11-1~deb12u2", "3.0.15-1~deb12u1", "7.81.0-1ubuntu1.18",
          "7.88.1-10+deb12u5", "7.88.1-10+deb12u8", "1:8.9p1-3ubuntu0.10", "1:9.2p1-2+deb12u2",
          "1:9.2p1-2+deb12u3"),
      "rpm", List.of("7.76.1-29.el9_4", "7.76.1-31.el9", "8.7p1-38.el9", "8.7p1-43.el9",
          "1:1.20.1-14.el9_2.1", "1:3.0.7-27.el9", "1:3.2.2-6.el9_5"),
      "apk", List.of("1.2.5-r0", "1.36.1-r29", "3.3.2-r1"));

  private FleetIndex() {}

  static String versionKey(String type, String version) {
    int rank = ORDER.get(type).indexOf(version);
    if (rank < 0) {
      throw new IllegalArgumentException("fixture version " + type + " " + version + " has no rank");
    }
    return String.format("%04d", rank);
  }

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
        ObjectNode doc = withVersionKey((ObjectNode) pkg);
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
    ObjectNode doc = withVersionKey(Documents.packageDoc(node.snapshot(), node.context(), pkg, false));
    doc.put("@timestamp", change.at().toString());
    ((ObjectNode) doc.get("reunir").get("package")).remove("in_use");
    if (change.previousVersion() != null) {
      ((ObjectNode) doc.get("reunir").get("package")).put("previous_version", change.previousVersion());
    }
    doc.putObject("event").put("kind", "event").put("action", change.action());
    return doc;
  }

  private static ObjectNode withVersionKey(ObjectNode doc) {
    ObjectNode reunirPackage = doc.withObject("/reunir/package");
    if (!reunirPackage.has("version_key")) {
      reunirPackage.put("version_key", versionKey(text(doc, "package", "type"), text(doc, "package", "version")));
    }
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
