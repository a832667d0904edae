package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.match.Finding;
import io.reunir.advisories.match.PackageFields;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The obvious alternative to {@link FindingsMatch}, for the benchmark only: one advisories query per
 * distinct installed package of the fleet — (platform, OS version, package type, name, source
 * package, version key), listed by a composite aggregation of the packages index — asking for the
 * advisory documents of that package whose interval holds the version; then, for each package that
 * has some, its package documents, and one finding per (document, advisory document) into another
 * prefix's findings index. Only the {@code VERSION} scope of {@link io.reunir.advisories.Distribution}
 * is asked (a host's release is its OS version or a dotted prefix of it): the simulated fleet is
 * Debian. It lives in the operator's package to read advisories back with {@link StoredAdvisory}, as
 * the match does, so both write byte-for-byte the same findings.
 */
public final class PerPackageMatch {
  private static final List<String> KEYS = List.of(PackageFields.OS_PLATFORM, PackageFields.OS_VERSION,
      PackageFields.TYPE, PackageFields.NAME, PackageFields.SOURCE, PackageFields.VERSION_KEY);
  private static final String ADVISORY = "reunir.advisory.";
  private static final int MAX_ADVISORIES = 10_000;
  private static final int BULK = 500;

  /** What a pass did: distinct packages asked, of them with an advisory, findings written. */
  public record Report(long packages, long affectedPackages, long findings) {}

  private final ElasticsearchClient es;
  private final IndexLayout fleet;
  private final String findingsIndex;
  private final List<BulkOperation> pending = new ArrayList<>();
  private long packages;
  private long affected;
  private long findings;

  /** Reads {@code fleet}'s packages and advisories, writes {@code output}'s findings index. */
  public PerPackageMatch(ElasticsearchClient es, IndexLayout fleet, IndexLayout output) {
    this.es = es;
    this.fleet = fleet;
    this.findingsIndex = output.findings();
  }

  public Report run(Instant now) throws IOException {
    Map<String, FieldValue> after = null;
    while (true) {
      Map<String, FieldValue> from = after;
      var answer = es.search(s -> s.index(fleet.packages()).size(0).aggregations("installed",
          a -> a.composite(c -> {
            c.size(1000).sources(sources());
            return from == null ? c : c.after(from);
          })), Void.class);
      var composite = answer.aggregations().get("installed").composite();
      for (var bucket : composite.buckets().array()) {
        Map<String, String> installed = new LinkedHashMap<>();
        bucket.key().forEach((k, v) -> installed.put(k, v.isNull() ? null : v.stringValue()));
        match(installed, now);
      }
      if (composite.afterKey() == null || composite.afterKey().isEmpty()
          || composite.buckets().array().isEmpty()) {
        break;
      }
      after = composite.afterKey();
    }
    flush();
    return new Report(packages, affected, findings);
  }

  private static List<Map<String, CompositeAggregationSource>> sources() {
    var sources = new ArrayList<Map<String, CompositeAggregationSource>>();
    for (String field : KEYS) {
      sources.add(Map.of(field, CompositeAggregationSource.of(s -> s.terms(t -> t.field(field).missingBucket(true)))));
    }
    return sources;
  }

  /** One installed package: its advisories, then, if any, its documents' findings. */
  private void match(Map<String, String> installed, Instant now) throws IOException {
    packages++;
    String osVersion = installed.get(PackageFields.OS_VERSION);
    String platform = installed.get(PackageFields.OS_PLATFORM);
    if (osVersion == null || platform == null) {
      return;
    }
    var names = new ArrayList<FieldValue>();
    names.add(FieldValue.of(installed.get(PackageFields.NAME)));
    if (installed.get(PackageFields.SOURCE) != null) {
      names.add(FieldValue.of(installed.get(PackageFields.SOURCE)));
    }
    var releases = new ArrayList<FieldValue>();
    for (int dot = osVersion.indexOf('.'); dot > 0; dot = osVersion.indexOf('.', dot + 1)) {
      releases.add(FieldValue.of(osVersion.substring(0, dot)));
    }
    releases.add(FieldValue.of(osVersion));
    String key = installed.get(PackageFields.VERSION_KEY);
    var filters = new ArrayList<Query>(List.of(term("host.os.platform", platform),
        term("package.type", installed.get(PackageFields.TYPE)),
        Query.of(q -> q.terms(t -> t.field("package.name").terms(v -> v.value(names)))),
        Query.of(q -> q.terms(t -> t.field(ADVISORY + "release").terms(v -> v.value(releases))))));
    filters.add(bound("introduced_key", key, "lte"));
    filters.add(bound("fixed_key", key, "gt"));
    filters.add(bound("limit_key", key, "gt"));
    filters.add(bound("last_affected_key", key, "gte"));
    var answer = es.search(s -> s.index(fleet.advisories()).size(MAX_ADVISORIES).query(q -> q.bool(b -> b
        .filter(filters).mustNot(term(ADVISORY + "status", AdvisoryDocument.Status.WITHDRAWN.value)))),
        ObjectNode.class);
    if (answer.hits().total() != null && answer.hits().total().value() > MAX_ADVISORIES) {
      throw new IOException(installed + " has more than " + MAX_ADVISORIES + " advisory documents");
    }
    var advisories = new ArrayList<AdvisoryDocument>();
    answer.hits().hits().forEach(hit -> advisories.add(StoredAdvisory.of(hit.id(), hit.source())));
    if (advisories.isEmpty()) {
      return;
    }
    affected++;
    var documents = new ArrayList<Query>();
    installed.forEach((field, value) -> documents.add(value == null
        ? Query.of(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field(field))))) : term(field, value)));
    Scan.all(es, fleet.packages(), Query.of(q -> q.bool(b -> b.filter(documents))), null, hit -> {
      for (AdvisoryDocument advisory : advisories) {
        var finding = Finding.of(advisory, hit.source(), now);
        ObjectNode document = finding.toDocument();
        pending.add(BulkOperation.of(op -> op.index(i -> i.index(findingsIndex).id(finding.id()).document(document))));
        findings++;
        if (pending.size() >= BULK) {
          flush();
        }
      }
    });
  }

  /** Every document id of {@code index}, to compare two findings indices. */
  public static Set<String> ids(ElasticsearchClient es, String index) throws IOException {
    Set<String> ids = new HashSet<>();
    Scan.all(es, index, Query.of(q -> q.matchAll(m -> m)), List.of(), hit -> ids.add(hit.id()));
    return ids;
  }

  /** The version key is within the bound, or the advisory document has no such bound. */
  private static Query bound(String field, String key, String relation) {
    Query missing = Query.of(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field(ADVISORY + field)))));
    if (key == null) {
      return missing;
    }
    Query within = Query.of(q -> q.range(r -> r.term(t -> {
      t.field(ADVISORY + field);
      return switch (relation) {
        case "lte" -> t.lte(key);
        case "gt" -> t.gt(key);
        default -> t.gte(key);
      };
    })));
    return Query.of(q -> q.bool(b -> b.should(missing, within).minimumShouldMatch("1")));
  }

  private static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }

  private void flush() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    var ops = List.copyOf(pending);
    pending.clear();
    var response = es.bulk(BulkRequest.of(b -> b.operations(ops)));
    if (response.errors()) {
      throw new IOException("findings bulk refused: " + response.items().stream()
          .filter(item -> item.error() != null).findFirst()
          .map(item -> item.id() + ": " + item.error().reason()).orElse(""));
    }
  }
}
