package io.reunir.operator.advisories;

import io.reunir.operator.advisories.AffectedAdvisories.Affected;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps {@code <prefix>-findings} current, with the work in Elasticsearch. Three ways in, one
 * outcome: an advisory document that changed is matched by its {@link MatchRule#query} on the packages
 * of the whole fleet; a node whose packages changed is matched by reading its packages and only the
 * advisory documents of their names, through the same rule in memory ({@link MatchRule#matches}, as
 * {@code reunir-agent match} does); the whole match reads the fleet's distinct installed versions and
 * queries only the advisories that affect one. Either way a finding keeps its {@code @timestamp}
 * (first seen affected), is not rewritten while its content is the same, and one that no longer
 * matches goes to {@link FindingClosure}, which tells a fixed node from a changed advisory.
 */
public final class FindingsMatch {
  static final String ADVISORY_FIELD = "reunir.finding.advisory_document";
  private static final String STATUS_FIELD = "reunir.finding.status";
  /** Container findings (scope {@code container}) are kept by their own match. */
  private static final Query HOST_SCOPE = Query.of(q -> q.bool(b -> b.mustNot(m -> m.term(t -> t
      .field("reunir.scope").value("container")))));
  private static final int BATCH = 100;
  private static final List<FieldValue> PACKAGE_ACTIONS = List.of(FieldValue.of("package_installed"),
      FieldValue.of("package_updated"), FieldValue.of("package_removed"));

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
   * Matches the whole fleet: the distinct installed versions ({@link InstalledVersions}) against the
   * advisory documents of their names, in memory, tell which advisories affect something and at
   * which version keys; only those are queried, by {@link MatchRule#query(java.util.Collection)}, in
   * batches. Advisories with findings that now affect nothing have them closed. Then the findings of
   * nodes that left go. Memory: a page of versions and the affected advisories, never the fleet.
   */
  public MatchReport matchAll() throws IOException {
    Set<String> withFindings = Scan.distinct(es, layout.findings(), ADVISORY_FIELD, HOST_SCOPE);
    List<Affected> batch = new ArrayList<>();
    for (Affected a : AffectedAdvisories.of(es, layout, layout.packages(), out).values()) {
      batch.add(a);
      if (batch.size() >= BATCH) {
        matchBatch(batch, withFindings);
      }
    }
    matchBatch(batch, withFindings);
    for (String id : withFindings) {
      if (!es.exists(e -> e.index(layout.advisories()).id(id)).value()) {
        removeAdvisory(id);
        continue;
      }
      advisories++;
      Map<String, JsonNode> existing = new HashMap<>();
      Scan.all(es, layout.findings(), and(term(ADVISORY_FIELD, id), HOST_SCOPE), null,
          hit -> existing.put(hit.id(), hit.source()));
      reconcile(existing, Map.of());
    }
    removeDepartedNodes();
    return report();
  }

  /**
   * Matches a batch of affected advisory documents in two requests, not two per advisory: one search
   * for the stored findings of those that have any, one multi-search of their queries (an answer
   * larger than a page is read again by a scan). Empties the batch; takes its ids out of
   * {@code withFindings}.
   */
  private void matchBatch(List<Affected> batch, Set<String> withFindings) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    List<Affected> of = List.copyOf(batch);
    batch.clear();
    Map<String, Map<String, JsonNode>> existing = new HashMap<>();
    List<FieldValue> stored = new ArrayList<>();
    for (Affected a : of) {
      existing.put(a.advisory().id(), new HashMap<>());
      if (withFindings.remove(a.advisory().id())) {
        stored.add(FieldValue.of(a.advisory().id()));
      }
    }
    if (!stored.isEmpty()) {
      Query ofBatch = Query.of(q -> q.terms(t -> t.field(ADVISORY_FIELD).terms(v -> v.value(stored))));
      Scan.all(es, layout.findings(), and(ofBatch, HOST_SCOPE), null, hit -> existing
          .computeIfAbsent(Fields.text(hit.source(), ADVISORY_FIELD), id -> new HashMap<>())
          .put(hit.id(), hit.source()));
    }
    List<Query> queries = new ArrayList<>();
    for (Affected a : of) {
      queries.add(Scan.query(a.rule().query(a.versionKeys()).toString()));
    }
    var answers = es.msearch(m -> {
      for (Query query : queries) {
        m.searches(s -> s.header(h -> h.index(layout.packages()).ignoreUnavailable(true)).body(b -> b
            .query(query).size(Scan.PAGE).trackTotalHits(t -> t.count(Scan.PAGE + 1))));
      }
      return m;
    }, ObjectNode.class).responses();
    for (int i = 0; i < of.size(); i++) {
      AdvisoryDocument advisory = of.get(i).advisory();
      var answer = answers.get(i);
      if (answer.isFailure()) {
        // Not matched is not "affects nothing": its findings stay until a pass can read its packages.
        out.error(advisory.id() + ": " + answer.failure().error().type() + ": "
            + answer.failure().error().reason());
        continue;
      }
      advisories++;
      Map<String, Finding> current = new HashMap<>();
      var hits = answer.result().hits();
      if (hits.total() != null && hits.total().value() > Scan.PAGE) {
        Scan.all(es, layout.packages(), queries.get(i), null, hit -> {
          Finding f = Finding.of(advisory, hit.source(), now);
          current.put(f.id(), f);
        });
      } else {
        for (Hit<ObjectNode> hit : hits.hits()) {
          Finding f = Finding.of(advisory, hit.source(), now);
          current.put(f.id(), f);
        }
      }
      reconcile(existing.getOrDefault(advisory.id(), Map.of()), current);
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
      Map<String, List<JsonNode>> byName = AffectedAdvisories.byName(packages);
      Map<String, Finding> current = new HashMap<>();
      AffectedAdvisories.forNames(es, layout, byName.keySet(), out, advisory -> {
        advisories++;
        Optional<MatchRule> rule = MatchRule.of(advisory);
        for (JsonNode doc : byName.getOrDefault(advisory.packageName(), List.of())) {
          if (rule.isPresent() && rule.get().matches(doc)) {
            Finding f = Finding.of(advisory, doc, now);
            current.put(f.id(), f);
          }
        }
      });
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
    return Scan.distinct(es, layout.changes(), PackageFields.HOST_NAME, changed);
  }

  /** The nodes with a finding whose fix is installed but whose old code still ran at the last pass. */
  public Set<String> hostsRunningOldCode() throws IOException {
    return Scan.distinct(es, layout.findings(), PackageFields.HOST_NAME,
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
    Set<String> present = Scan.distinct(es, layout.nodes(), PackageFields.HOST_NAME, null);
    for (String host : Scan.distinct(es, layout.findings(), PackageFields.HOST_NAME, null)) {
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
      out.writeIfChanged(finding.id(), document, before);
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
}
