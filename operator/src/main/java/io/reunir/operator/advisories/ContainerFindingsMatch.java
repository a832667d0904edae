package io.reunir.operator.advisories;

import io.reunir.operator.advisories.AffectedAdvisories.Affected;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.Fields;
import io.reunir.advisories.match.ContainerFields;
import io.reunir.advisories.match.ContainerFinding;
import io.reunir.advisories.match.ContainerFinding.RunningContainer;
import io.reunir.advisories.match.MatchRule;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The container side of {@code <prefix>-findings}, by the rules of {@link FindingsMatch}: the
 * advisory documents that affect an image package ({@link AffectedAdvisories}: an image package
 * document carries its image's os-release under the packages index's names, so {@link MatchRule}
 * reads it unchanged) are queried on {@code <prefix>-images} by their exact version keys, and each
 * affected image fingerprint's running containers ({@code <prefix>-containers}) get one finding per
 * (container, package, advisory document), {@code reunir.scope: container}. Unchanged findings are
 * not rewritten and keep their {@code @timestamp}; those that no longer hold (a container stopped,
 * an image rebuilt, an advisory changed) are deleted. Memory: one advisory's affected image
 * packages and container findings at a time.
 */
public final class ContainerFindingsMatch {
  static final String SCOPE_FIELD = "reunir.scope";
  static final String CONTAINER = "container";
  private static final Query CONTAINER_SCOPE = term(SCOPE_FIELD, CONTAINER);

  private final ElasticsearchClient es;
  private final IndexLayout layout;
  private final Clock clock;
  private final BulkWriter out;
  private int advisories;
  private int findings;

  public ContainerFindingsMatch(ElasticsearchClient es, IndexLayout layout, Clock clock) {
    this.es = es;
    this.layout = layout;
    this.clock = clock;
    this.out = new BulkWriter(es, layout.findings());
  }

  /**
   * Matches the advisory documents that affect an image's package ({@link AffectedAdvisories} on
   * {@code <prefix>-images}, queried by their exact version keys), and deletes the container findings
   * of those that affect no image any more.
   */
  public MatchReport matchAll() throws IOException {
    Set<String> withFindings = Scan.distinct(es, layout.findings(), FindingsMatch.ADVISORY_FIELD, CONTAINER_SCOPE);
    for (Affected a : AffectedAdvisories.of(es, layout, layout.images(), out).values()) {
      withFindings.remove(a.advisory().id());
      match(a.advisory(), Scan.query(a.rule().query(a.versionKeys()).toString()));
    }
    for (String id : withFindings) {
      Query ofAdvisory = Query.of(q -> q.bool(b -> b.filter(term(FindingsMatch.ADVISORY_FIELD, id), CONTAINER_SCOPE)));
      Scan.all(es, layout.findings(), ofAdvisory, List.of(), hit -> out.delete(hit.id()));
    }
    out.flush();
    return report();
  }

  /** Re-matches one advisory document: its image packages, by {@code imagesQuery}, and their containers. */
  private void match(AdvisoryDocument advisory, Query imagesQuery) throws IOException {
    advisories++;
    Instant now = clock.instant();
    Map<String, JsonNode> existing = new HashMap<>();
    Query ofAdvisory = Query.of(q -> q.bool(b -> b.filter(
        term(FindingsMatch.ADVISORY_FIELD, advisory.id()), CONTAINER_SCOPE)));
    Scan.all(es, layout.findings(), ofAdvisory, null, hit -> existing.put(hit.id(), hit.source()));
    Set<String> current = new HashSet<>();
    Map<String, List<JsonNode>> affected = new TreeMap<>();
    Scan.all(es, layout.images(), imagesQuery, null, hit -> {
      String fingerprint = Fields.text(hit.source(), ContainerFields.IMAGE_FINGERPRINT);
      if (fingerprint == null) {
        out.error(layout.images() + "/" + hit.id() + ": no " + ContainerFields.IMAGE_FINGERPRINT);
        return;
      }
      affected.computeIfAbsent(fingerprint, f -> new ArrayList<>()).add(hit.source());
    });
    for (var image : affected.entrySet()) {
      Scan.all(es, layout.containers(), term(ContainerFields.FINGERPRINT, image.getKey()), null, hit -> {
        RunningContainer container = RunningContainer.of(hit.source());
        for (JsonNode imagePackage : image.getValue()) {
          write(advisory, imagePackage, container, now, existing, current);
        }
      });
    }
    findings += current.size();
    for (String id : existing.keySet()) {
      if (!current.contains(id)) {
        out.delete(id);
      }
    }
    out.flush();
  }

  public MatchReport report() {
    return new MatchReport(advisories, findings, out.written(), out.deleted(), 0, out.errorCount(),
        out.errors());
  }

  /** Queues the finding unless it is stored as is; a stored one keeps its first-seen time. */
  private void write(AdvisoryDocument advisory, JsonNode imagePackage, RunningContainer container,
      Instant now, Map<String, JsonNode> existing, Set<String> current) throws IOException {
    ContainerFinding finding = ContainerFinding.of(advisory, imagePackage, container, now);
    String id = finding.id();
    JsonNode before = existing.get(id);
    if (before != null && before.hasNonNull("@timestamp")) {
      finding = ContainerFinding.of(advisory, imagePackage, container,
          Instant.parse(before.get("@timestamp").asText()));
    }
    current.add(id);
    ObjectNode document = finding.toDocument();
    out.writeIfChanged(id, document, before);
  }

  private static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }
}
