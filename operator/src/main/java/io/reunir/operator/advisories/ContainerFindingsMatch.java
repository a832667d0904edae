package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The container side of {@code <prefix>-findings}, by the rules of {@link FindingsMatch}: each
 * advisory document's {@link MatchRule#query} runs unchanged on {@code <prefix>-images} (an image
 * package document carries its image's os-release under the packages index's names), and each
 * affected image fingerprint's running containers ({@code <prefix>-containers}) get one finding per
 * (container, package, advisory document), {@code reunir.scope: container}. Unchanged findings are
 * not rewritten and keep their {@code @timestamp}; those that no longer hold (a container stopped,
 * an image rebuilt, an advisory changed) are deleted. Memory: one advisory's affected image
 * packages and container findings at a time.
 *
 * <p>The bulk queue and its per-item counting are a copy of {@link FindingsMatch}'s, kept separate
 * while that class changes; they belong in one helper once it settles.
 */
public final class ContainerFindingsMatch {
  static final String SCOPE_FIELD = "reunir.scope";
  static final String CONTAINER = "container";
  private static final int ERRORS_KEPT = 100;
  private static final int BULK = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ElasticsearchClient es;
  private final IndexLayout layout;
  private final Clock clock;
  private final List<BulkOperation> pending = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private int advisories;
  private int findings;
  private int written;
  private int deleted;
  private int errorCount;

  public ContainerFindingsMatch(ElasticsearchClient es, IndexLayout layout, Clock clock) {
    this.es = es;
    this.layout = layout;
    this.clock = clock;
  }

  /** Matches every advisory document of the index against the running containers' images. */
  public MatchReport matchAll() throws IOException {
    Scan.all(es, layout.advisories(), Scan.query("{\"match_all\":{}}"), null, hit -> {
      AdvisoryDocument advisory;
      try {
        advisory = StoredAdvisory.of(hit.id(), hit.source());
      } catch (IllegalArgumentException e) {
        error(e.getMessage());
        return;
      }
      match(advisory);
    });
    return report();
  }

  /** Re-matches one advisory document against every image and the containers running it. */
  public void match(AdvisoryDocument advisory) throws IOException {
    advisories++;
    Instant now = clock.instant();
    Map<String, JsonNode> existing = new HashMap<>();
    Query ofAdvisory = Query.of(q -> q.bool(b -> b.filter(
        term(FindingsMatch.ADVISORY_FIELD, advisory.id()), term(SCOPE_FIELD, CONTAINER))));
    Scan.all(es, layout.findings(), ofAdvisory, null, hit -> existing.put(hit.id(), hit.source()));
    Set<String> current = new HashSet<>();
    Optional<MatchRule> rule = MatchRule.of(advisory);
    if (rule.isPresent()) {
      Map<String, List<JsonNode>> affected = new TreeMap<>();
      Scan.all(es, layout.images(), Scan.query(rule.get().query().toString()), null, hit -> {
        String fingerprint = Fields.text(hit.source(), ContainerFields.IMAGE_FINGERPRINT);
        if (fingerprint == null) {
          error(layout.images() + "/" + hit.id() + ": no " + ContainerFields.IMAGE_FINGERPRINT);
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
        queue(BulkOperation.of(op -> op.delete(d -> d.index(layout.findings()).id(id))));
      }
    }
    flush();
  }

  public MatchReport report() {
    return new MatchReport(advisories, findings, written, deleted, errorCount, List.copyOf(errors));
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
      queue(BulkOperation.of(op -> op.index(i -> i.index(layout.findings()).id(id).document(document))));
    }
  }

  private static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }

  private void queue(BulkOperation op) throws IOException {
    pending.add(op);
    if (pending.size() >= BULK) {
      flush();
    }
  }

  private void flush() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    var ops = List.copyOf(pending);
    pending.clear();
    var response = es.bulk(BulkRequest.of(b -> b.operations(ops)));
    for (int i = 0; i < ops.size(); i++) {
      BulkResponseItem item = response.items().get(i);
      if (item.error() != null) {
        error(item.id() + ": " + item.error().type() + ": " + item.error().reason());
      } else if (ops.get(i).isDelete()) {
        deleted++;
      } else {
        written++;
      }
    }
  }

  private void error(String line) {
    if (errorCount++ < ERRORS_KEPT) {
      errors.add(line);
    }
  }
}
