package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.Fields;
import io.reunir.advisories.match.Finding;
import io.reunir.advisories.match.MatchRule;
import io.reunir.advisories.match.PackageFields;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps {@code <prefix>-findings} current, with the work in Elasticsearch. Two ways in, one outcome:
 * an advisory document that changed is matched by its {@link MatchRule#query} on the packages of the
 * whole fleet; a node whose packages changed is matched by reading its packages and only the advisory
 * documents of their names, through the same rule in memory ({@link MatchRule#matches}, as
 * {@code reunir-agent match} does). Either way a finding keeps its {@code @timestamp} (first seen affected), is not
 * rewritten while its content is the same, and one that no longer matches goes to
 * {@link FindingClosure}, which tells a fixed node from a changed advisory. Memory is one advisory's
 * findings or one node's packages at a time, never the fleet.
 */
public final class FindingsMatch {
  static final String ADVISORY_FIELD = "reunir.finding.advisory_document";
  private static final String STATUS_FIELD = "reunir.finding.status";
  /** Container findings (scope {@code container}) are kept by their own match. */
  private static final Query HOST_SCOPE = Query.of(q -> q.bool(b -> b.mustNot(m -> m.term(t -> t
      .field("reunir.scope").value("container")))));
  private static final int TERMS_PER_QUERY = 10_000;
  private static final List<FieldValue> PACKAGE_ACTIONS = List.of(FieldValue.of("package_installed"),
      FieldValue.of("package_updated"), FieldValue.of("package_removed"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ElasticsearchClient es;
  private final IndexLayout layout;
  private final Instant now;
  private final BulkWriter out;
  private final FindingClosure closure;
  private int advisories;
  private int findings;

  public FindingsMatch(ElasticsearchClient es, IndexLayout layout, Clock clock) {
    this.es = es;
    this.layout = layout;
    this.now = clock.instant();
    this.out = new BulkWriter(es, layout.findings());
    this.closure = new FindingClosure(es, layout, out, now);
  }

  /**
   * Matches every advisory document of a package some node has installed, then those that still have
   * findings (their package is gone from every node), then drops the findings of nodes that left.
   */
  public MatchReport matchAll() throws IOException {
    Set<String> withFindings = terms(layout.findings(), ADVISORY_FIELD, HOST_SCOPE);
    List<String> names = new ArrayList<>(terms(layout.packages(), PackageFields.NAME, null));
    names.addAll(terms(layout.packages(), PackageFields.SOURCE, null));
    for (List<String> chunk : chunks(new ArrayList<>(new TreeSet<>(names)))) {
      Query candidates = Query.of(q -> q.terms(t -> t.field(PackageFields.NAME)
          .terms(v -> v.value(chunk.stream().map(FieldValue::of).toList()))));
      Scan.all(es, layout.advisories(), candidates, null, hit -> {
        withFindings.remove(hit.id());
        matchStored(hit);
      });
    }
    for (String id : withFindings) {
      var stored = es.get(g -> g.index(layout.advisories()).id(id), ObjectNode.class);
      if (stored.found() && stored.source() != null) {
        matchStored(Hit.of(h -> h.index(layout.advisories()).id(id).source(stored.source())));
      } else {
        removeAdvisory(id);
      }
    }
    removeDepartedNodes();
    return report();
  }

  private void matchStored(Hit<ObjectNode> hit) throws IOException {
    try {
      match(StoredAdvisory.of(hit.id(), hit.source()));
    } catch (IllegalArgumentException e) {
      out.error(e.getMessage());
    }
  }

  /** Re-matches one advisory document: for one that changed, the only work its change needs. */
  public void match(AdvisoryDocument advisory) throws IOException {
    advisories++;
    Map<String, JsonNode> existing = new HashMap<>();
    Scan.all(es, layout.findings(), and(term(ADVISORY_FIELD, advisory.id()), HOST_SCOPE), null,
        hit -> existing.put(hit.id(), hit.source()));
    Map<String, Finding> current = new HashMap<>();
    Optional<MatchRule> rule = MatchRule.of(advisory);
    if (rule.isPresent()) {
      Scan.all(es, layout.packages(), Scan.query(rule.get().query().toString()), null, hit -> {
        Finding finding = Finding.of(advisory, hit.source(), now);
        current.put(finding.id(), finding);
      });
    }
    reconcile(existing, current);
  }

  /**
   * Re-matches these nodes alone: each one's package documents against the advisory documents of
   * their names (and source names), in memory with the same rule. What a node's package change needs.
   */
  public void matchHosts(Collection<String> hosts) throws IOException {
    for (String host : new TreeSet<>(hosts)) {
      List<JsonNode> packages = new ArrayList<>();
      Scan.all(es, layout.packages(), term(PackageFields.HOST_NAME, host), null,
          hit -> packages.add(hit.source()));
      if (packages.isEmpty()) {
        continue; // a node being removed, or not synced yet: no packages is not "every package removed"
      }
      Map<String, List<JsonNode>> byName = new HashMap<>();
      for (JsonNode doc : packages) {
        Set<String> names = new HashSet<>();
        names.add(Fields.text(doc, PackageFields.NAME));
        names.add(Fields.text(doc, PackageFields.SOURCE));
        names.remove(null);
        names.forEach(name -> byName.computeIfAbsent(name, n -> new ArrayList<>()).add(doc));
      }
      Map<String, Finding> current = new HashMap<>();
      for (List<String> chunk : chunks(new ArrayList<>(new TreeSet<>(byName.keySet())))) {
        Query candidates = Query.of(q -> q.terms(t -> t.field(PackageFields.NAME)
            .terms(v -> v.value(chunk.stream().map(FieldValue::of).toList()))));
        Scan.all(es, layout.advisories(), candidates, null, hit -> {
          AdvisoryDocument advisory;
          try {
            advisory = StoredAdvisory.of(hit.id(), hit.source());
          } catch (IllegalArgumentException e) {
            out.error(e.getMessage());
            return;
          }
          advisories++;
          Optional<MatchRule> rule = MatchRule.of(advisory);
          for (JsonNode doc : byName.getOrDefault(advisory.packageName(), List.of())) {
            if (rule.isPresent() && rule.get().matches(doc)) {
              Finding f = Finding.of(advisory, doc, now);
              current.put(f.id(), f);
            }
          }
        });
      }
      Map<String, JsonNode> existing = new HashMap<>();
      Scan.all(es, layout.findings(), and(term(PackageFields.HOST_NAME, host), HOST_SCOPE), null,
          hit -> existing.put(hit.id(), hit.source()));
      reconcile(existing, current);
    }
  }

  /**
   * The nodes whose agent recorded a package installed, updated or removed since {@code since}: the
   * change events are the trigger, the node's packages as they are now the truth.
   */
  public Set<String> hostsChangedSince(Instant since) throws IOException {
    Query changed = Query.of(q -> q.bool(b -> b
        .filter(f -> f.terms(t -> t.field("event.action").terms(v -> v.value(PACKAGE_ACTIONS))))
        .filter(f -> f.range(r -> r.date(d -> d.field("@timestamp").gte(since.toString()))))));
    return terms(layout.changes(), PackageFields.HOST_NAME, changed);
  }

  /** The nodes with a finding whose fix is installed but whose old code still ran at the last pass. */
  public Set<String> hostsRunningOldCode() throws IOException {
    return terms(layout.findings(), PackageFields.HOST_NAME,
        term(STATUS_FIELD, Finding.Status.FIXED_OLD_CODE_RUNNING.value));
  }

  /** Deletes the findings of an advisory document that is not in the index any more. */
  public void removeAdvisory(String advisoryDocumentId) throws IOException {
    Scan.all(es, layout.findings(), term(ADVISORY_FIELD, advisoryDocumentId), List.of(),
        hit -> out.delete(hit.id()));
    out.flush();
  }

  /** Deletes the findings of every node that has no document in {@code <prefix>-nodes} any more. */
  public void removeDepartedNodes() throws IOException {
    Set<String> present = terms(layout.nodes(), PackageFields.HOST_NAME, null);
    for (String host : terms(layout.findings(), PackageFields.HOST_NAME, null)) {
      if (!present.contains(host)) {
        Scan.all(es, layout.findings(), term(PackageFields.HOST_NAME, host), List.of(),
            hit -> out.delete(hit.id()));
      }
    }
    out.flush();
  }

  public MatchReport report() {
    return new MatchReport(advisories, findings, out.written(), out.deleted(), closure.fixed(),
        out.errorCount(), out.errors());
  }

  /** Writes what is new or changed, keeping first-seen times, and closes what no longer matches. */
  private void reconcile(Map<String, JsonNode> existing, Map<String, Finding> current) throws IOException {
    for (Finding found : current.values()) {
      JsonNode before = existing.get(found.id());
      Finding finding = found;
      if (before != null && before.hasNonNull("@timestamp")) {
        finding = found.firstSeen(Instant.parse(before.get("@timestamp").asText()));
      }
      ObjectNode document = finding.toDocument();
      if (before == null || !JSON.readTree(document.toString()).equals(JSON.readTree(before.toString()))) {
        out.write(finding.id(), document);
      }
    }
    findings += current.size();
    for (var entry : existing.entrySet()) {
      if (!current.containsKey(entry.getKey())) {
        closure.close(entry.getKey(), entry.getValue());
      }
    }
    out.flush();
  }

  private static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }

  private static Query and(Query a, Query b) {
    return Query.of(q -> q.bool(x -> x.filter(a, b)));
  }

  private static List<List<String>> chunks(List<String> values) {
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < values.size(); i += TERMS_PER_QUERY) {
      chunks.add(values.subList(i, Math.min(values.size(), i + TERMS_PER_QUERY)));
    }
    return chunks;
  }

  /** The distinct values of a keyword field of an index, a composite aggregation page at a time. */
  private Set<String> terms(String index, String field, Query filter) throws IOException {
    Set<String> values = new TreeSet<>();
    Map<String, FieldValue> after = null;
    while (true) {
      Map<String, FieldValue> from = after;
      var answer = es.search(s -> {
        s.index(index).ignoreUnavailable(true).size(0).aggregations("values", a -> a.composite(c -> {
          c.size(1000).sources(List.of(Map.of("value", CompositeAggregationSource.of(
              src -> src.terms(t -> t.field(field))))));
          return from == null ? c : c.after(from);
        }));
        return filter == null ? s : s.query(filter);
      }, Void.class);
      var composite = answer.aggregations().get("values").composite();
      for (CompositeBucket bucket : composite.buckets().array()) {
        values.add(bucket.key().get("value").stringValue());
      }
      if (composite.afterKey() == null || composite.afterKey().isEmpty()
          || composite.buckets().array().isEmpty()) {
        return values;
      }
      after = composite.afterKey();
    }
  }
}
