package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.Fields;
import io.reunir.advisories.match.Finding;
import io.reunir.advisories.match.PackageFields;
import io.reunir.contract.doc.Doc;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What becomes of a finding its advisory no longer matches, decided from the package as the node has
 * it now. Same version: the advisory changed (withdrawn, narrowed), so the finding goes and the node
 * was never fixed. Another version, or the package gone: the node is fixed, recorded once as a
 * {@code vulnerability_fixed} event in {@code <prefix>-changes} whose {@code event.start} is the
 * finding's first-seen time (the exposure window). Fixed while a process still runs the deleted old
 * files ({@code deleted_in_use}): the finding stays, as {@code fixed_old_code_running}, until it does
 * not. An event that cannot be written keeps the finding, so the next pass records it.
 */
final class FindingClosure {
  static final String FIXED_ACTION = "vulnerability_fixed";
  private static final String OLD_CODE = Finding.Status.FIXED_OLD_CODE_RUNNING.value;

  private final ElasticsearchClient es;
  private final IndexLayout layout;
  private final BulkWriter out;
  private final Instant now;
  private int fixed;

  FindingClosure(ElasticsearchClient es, IndexLayout layout, BulkWriter out, Instant now) {
    this.es = es;
    this.layout = layout;
    this.out = out;
    this.now = now;
  }

  /** Closes, keeps or deletes the stored finding {@code id} that no longer matches. */
  void close(String id, JsonNode finding) throws IOException {
    boolean oldCode = OLD_CODE.equals(Fields.text(finding, "reunir.finding.status"));
    JsonNode installed = installed(finding);
    String version = installed == null ? null : Fields.text(installed, PackageFields.VERSION);
    if (!oldCode && installed != null
        && Objects.equals(version, Fields.text(finding, PackageFields.VERSION))) {
      out.delete(id);
      return;
    }
    if (!oldCode && !recordFixed(id, finding, installed)) {
      return;
    }
    if (installed != null && Boolean.TRUE.equals(Fields.bool(installed, PackageFields.DELETED_IN_USE))) {
      out.writeIfChanged(id, oldCodeRunning(finding, installed), finding);
    } else {
      out.delete(id);
    }
  }

  /** How many {@code vulnerability_fixed} events this pass recorded. */
  int fixed() {
    return fixed;
  }

  /** The node's package document of the finding's package, or null when it is not installed. */
  private JsonNode installed(JsonNode finding) throws IOException {
    List<Query> filters = List.of(term(PackageFields.HOST_NAME, finding), term(PackageFields.TYPE, finding),
        term(PackageFields.NAME, finding), term(PackageFields.ARCHITECTURE, finding));
    var hits = es.search(s -> s.index(layout.packages()).size(1).query(q -> q.bool(b -> b.filter(filters))),
        ObjectNode.class).hits().hits();
    return hits.isEmpty() ? null : hits.get(0).source();
  }

  private static Query term(String field, JsonNode finding) {
    String value = Fields.text(finding, field);
    return Query.of(q -> q.term(t -> t.field(field).value(value == null ? "" : value)));
  }

  private boolean recordFixed(String findingId, JsonNode finding, JsonNode installed) throws IOException {
    String firstSeen = Fields.text(finding, "@timestamp");
    Instant start = firstSeen == null ? now : Instant.parse(firstSeen);
    ObjectNode event = new Doc()
        .put("@timestamp", now)
        .put("event.kind", "event")
        .put("event.action", FIXED_ACTION)
        .put("event.dataset", "reunir.findings")
        .put("event.start", start)
        .put("event.end", now)
        .put("orchestrator.cluster.name", Fields.text(finding, PackageFields.CLUSTER))
        .put("host.name", Fields.text(finding, PackageFields.HOST_NAME))
        .put("host.os.platform", Fields.text(finding, PackageFields.OS_PLATFORM))
        .put("host.os.version", Fields.text(finding, PackageFields.OS_VERSION))
        .put("reunir.node.pool", Fields.text(finding, PackageFields.NODE_POOL))
        .put("package.type", Fields.text(finding, PackageFields.TYPE))
        .put("package.name", Fields.text(finding, PackageFields.NAME))
        .put("package.architecture", Fields.text(finding, PackageFields.ARCHITECTURE))
        .put("package.version", installed == null ? null : Fields.text(installed, PackageFields.VERSION))
        .put("reunir.package.previous_version", Fields.text(finding, PackageFields.VERSION))
        .put("vulnerability.id", Fields.text(finding, "vulnerability.id"))
        .put("vulnerability.severity", Fields.text(finding, "vulnerability.severity"))
        .put("reunir.finding.fixed_version", Fields.text(finding, "reunir.finding.fixed_version"))
        .put("reunir.finding.status", Fields.text(finding, "reunir.finding.status"))
        .put("reunir.finding.closed_by", installed == null ? "package_removed" : "fixed_version_installed")
        .put("reunir.finding.advisory_document", Fields.text(finding, FindingsMatch.ADVISORY_FIELD))
        .put("reunir.finding.aliases", aliases(finding))
        .put("reunir.document.id", findingId)
        .json();
    event.with("event").put("duration", Duration.between(start, now).toNanos());
    String eventId = FIXED_ACTION + "/" + findingId + "/" + start;
    try {
      es.index(i -> i.index(layout.changes()).id(eventId).opType(OpType.Create).requireAlias(true)
          .document(event));
      fixed++;
    } catch (ElasticsearchException e) {
      if (e.status() != 409) { // 409: recorded by an earlier pass that could not delete the finding
        out.error(eventId + ": not recorded, finding kept: " + e.error().type() + ": " + e.error().reason());
        return false;
      }
    }
    return true;
  }

  private static List<String> aliases(JsonNode finding) {
    var values = new ArrayList<String>();
    finding.path("reunir").path("finding").path("aliases").forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The finding as it stays while the fixed package's old files still run. */
  private static ObjectNode oldCodeRunning(JsonNode finding, JsonNode installed) {
    ObjectNode kept = finding.deepCopy();
    kept.with("package").put("version", Fields.text(installed, PackageFields.VERSION));
    ObjectNode pkg = kept.with("reunir").with("package");
    pkg.put("deleted_in_use", true);
    JsonNode by = installed.at("/reunir/package/deleted_in_use_by");
    if (by.isArray()) {
      pkg.set("deleted_in_use_by", by.deepCopy());
    }
    if (installed.at("/reunir/package/in_use").isBoolean()) {
      pkg.put("in_use", installed.at("/reunir/package/in_use").asBoolean());
    }
    kept.with("reunir").with("finding").put("status", OLD_CODE);
    return kept;
  }
}
