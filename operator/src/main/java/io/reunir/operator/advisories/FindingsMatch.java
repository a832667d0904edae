package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.match.Finding;
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
import java.util.TreeSet;

/**
 * Keeps {@code <prefix>-findings} current, with the work in Elasticsearch: each advisory document's
 * {@link MatchRule#query} selects the affected package documents of the whole fleet, one finding is
 * written per (node, installed package, advisory document), and that advisory's findings which no
 * longer match are deleted. A finding keeps its {@code @timestamp} (first seen affected) and is not
 * rewritten while its content is the same, so a pass touches only what changed. Memory is one
 * advisory's findings at a time, never the fleet.
 */
public final class FindingsMatch {
  static final String ADVISORY_FIELD = "reunir.finding.advisory_document";
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

  public FindingsMatch(ElasticsearchClient es, IndexLayout layout, Clock clock) {
    this.es = es;
    this.layout = layout;
    this.clock = clock;
  }

  /** Matches every advisory document of the index, then drops the findings of nodes that left. */
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
    removeDepartedNodes();
    return report();
  }

  /** Re-matches one advisory document: for one that changed, the only work its change needs. */
  public void match(AdvisoryDocument advisory) throws IOException {
    advisories++;
    Instant now = clock.instant();
    Map<String, JsonNode> existing = new HashMap<>();
    Scan.all(es, layout.findings(), Query.of(q -> q.bool(b -> b.filter(term(ADVISORY_FIELD, advisory.id()))
        .mustNot(term("reunir.scope", "container")))), null, // those are ContainerFindingsMatch's to keep
        hit -> existing.put(hit.id(), hit.source()));
    Set<String> current = new HashSet<>();
    Optional<MatchRule> rule = MatchRule.of(advisory);
    if (rule.isPresent()) {
      Scan.all(es, layout.packages(), Scan.query(rule.get().query().toString()), null, hit -> {
        Finding finding = Finding.of(advisory, hit.source(), now);
        JsonNode before = existing.get(finding.id());
        if (before != null && before.hasNonNull("@timestamp")) {
          finding = Finding.of(advisory, hit.source(), Instant.parse(before.get("@timestamp").asText()));
        }
        current.add(finding.id());
        ObjectNode document = finding.toDocument();
        if (before == null || !JSON.readTree(document.toString()).equals(JSON.readTree(before.toString()))) {
          String id = finding.id();
          queue(BulkOperation.of(op -> op.index(i -> i.index(layout.findings()).id(id).document(document))));
        }
      });
    }
    findings += current.size();
    for (String id : existing.keySet()) {
      if (!current.contains(id)) {
        queue(BulkOperation.of(op -> op.delete(d -> d.index(layout.findings()).id(id))));
      }
    }
    flush();
  }

  /** Deletes the findings of every node that has no document in {@code <prefix>-nodes} any more. */
  public void removeDepartedNodes() throws IOException {
    Set<String> present = hostNames(layout.nodes());
    for (String host : hostNames(layout.findings())) {
      if (!present.contains(host)) {
        Scan.all(es, layout.findings(), term(PackageFields.HOST_NAME, host), List.of(),
            hit -> queue(BulkOperation.of(op -> op.delete(d -> d.index(layout.findings()).id(hit.id())))));
      }
    }
    flush();
  }

  public MatchReport report() {
    return new MatchReport(advisories, findings, written, deleted, errorCount, List.copyOf(errors));
  }

  private static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }

  /** The distinct {@code host.name}s of an index, a composite aggregation page at a time. */
  private Set<String> hostNames(String index) throws IOException {
    Set<String> names = new TreeSet<>();
    Map<String, FieldValue> after = null;
    while (true) {
      Map<String, FieldValue> from = after;
      var answer = es.search(s -> s.index(index).ignoreUnavailable(true).size(0).aggregations("hosts", a -> a.composite(c -> {
        c.size(1000).sources(List.of(Map.of("host", CompositeAggregationSource.of(
            src -> src.terms(t -> t.field(PackageFields.HOST_NAME))))));
        return from == null ? c : c.after(from);
      })), Void.class);
      var composite = answer.aggregations().get("hosts").composite();
      for (CompositeBucket bucket : composite.buckets().array()) {
        names.add(bucket.key().get("host").stringValue());
      }
      if (composite.afterKey() == null || composite.afterKey().isEmpty()
          || composite.buckets().array().isEmpty()) {
        return names;
      }
      after = composite.afterKey();
    }
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
      boolean delete = ops.get(i).isDelete();
      if (item.error() != null) {
        if (errorCount++ < ERRORS_KEPT) {
          errors.add(item.id() + ": " + item.error().type() + ": " + item.error().reason());
        }
      } else if (delete) {
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
