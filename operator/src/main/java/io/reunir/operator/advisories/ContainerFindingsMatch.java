package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.Fields;
import io.reunir.advisories.match.ContainerFields;
import io.reunir.advisories.match.ContainerFinding;
import io.reunir.advisories.match.ContainerFinding.RunningContainer;
import io.reunir.advisories.match.MatchRule;
import io.reunir.advisories.match.PackageFields;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The container side of {@code <prefix>-findings}, by the rules of {@link FindingsMatch}: each
 * advisory document's {@link MatchRule#query} runs unchanged on {@code <prefix>-images} (an image
 * package document carries its image's os-release under the packages index's names), and each
 * affected image fingerprint's running containers ({@code <prefix>-containers}) get one finding per
 * (container, package, advisory document), {@code reunir.scope: container}. Unchanged findings are
 * not rewritten and keep their {@code @timestamp}; those that no longer hold (a container stopped,
 * an image rebuilt, an advisory changed) are deleted. Memory: one advisory's affected image
 * packages and container findings at a time. Only advisory documents of a package some image has,
 * and those that have container findings, are matched.
 */
public final class ContainerFindingsMatch {
  static final String SCOPE_FIELD = "reunir.scope";
  static final String CONTAINER = "container";
  private static final ObjectMapper JSON = new ObjectMapper();
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
   * Matches the advisory documents of every package name (or source name) some image has, then
   * those that still have container findings (their package left every image).
   */
  public MatchReport matchAll() throws IOException {
    Set<String> withFindings = Scan.distinct(es, layout.findings(), FindingsMatch.ADVISORY_FIELD, CONTAINER_SCOPE);
    Set<String> names = new TreeSet<>(Scan.distinct(es, layout.images(), PackageFields.NAME, null));
    names.addAll(Scan.distinct(es, layout.images(), PackageFields.SOURCE, null));
    for (List<String> chunk : Scan.chunks(new ArrayList<>(names))) {
      Query candidates = Query.of(q -> q.terms(t -> t.field(PackageFields.NAME)
          .terms(v -> v.value(chunk.stream().map(FieldValue::of).toList()))));
      Scan.all(es, layout.advisories(), candidates, null, hit -> {
        withFindings.remove(hit.id());
        matchStored(hit.id(), hit.source());
      });
    }
    for (String id : withFindings) {
      var stored = es.get(g -> g.index(layout.advisories()).id(id), ObjectNode.class);
      if (stored.found() && stored.source() != null) {
        matchStored(id, stored.source());
      } else {
        Scan.all(es, layout.findings(), term(FindingsMatch.ADVISORY_FIELD, id), List.of(),
            hit -> out.delete(hit.id()));
      }
    }
    out.flush();
    return report();
  }

  private void matchStored(String id, JsonNode source) throws IOException {
    try {
      match(StoredAdvisory.of(id, source));
    } catch (IllegalArgumentException e) {
      out.error(e.getMessage());
    }
  }

  /** Re-matches one advisory document against every image and the containers running it. */
  public void match(AdvisoryDocument advisory) throws IOException {
    advisories++;
    Instant now = clock.instant();
    Map<String, JsonNode> existing = new HashMap<>();
    Query ofAdvisory = Query.of(q -> q.bool(b -> b.filter(
        term(FindingsMatch.ADVISORY_FIELD, advisory.id()), CONTAINER_SCOPE)));
    Scan.all(es, layout.findings(), ofAdvisory, null, hit -> existing.put(hit.id(), hit.source()));
    Set<String> current = new HashSet<>();
    Optional<MatchRule> rule = MatchRule.of(advisory);
    if (rule.isPresent()) {
      Map<String, List<JsonNode>> affected = new TreeMap<>();
      Scan.all(es, layout.images(), Scan.query(rule.get().query().toString()), null, hit -> {
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
    if (before == null || !JSON.readTree(document.toString()).equals(JSON.readTree(before.toString()))) {
      out.write(id, document);
    }
  }

  private static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }
}
