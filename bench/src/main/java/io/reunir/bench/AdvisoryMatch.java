package io.reunir.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.match.PackageFields;
import io.reunir.agent.model.AgentVersion;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.sync.NodeInventory;
import io.reunir.contract.index.IndexLayout;
import io.reunir.operator.advisories.AdvisoryIndices;
import io.reunir.operator.advisories.FindingsMatch;
import io.reunir.operator.advisories.PerPackageMatch;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fleet side of the advisory benchmark, on advisories already imported into {@code PREFIX}:
 * {@code AdvisoryMatch ES_URL INDEX_STATUS NODES PREFIX}. Loads the fleet simulator's nodes (their
 * documents as the agent renders them), then times the operator's full match, the per-package
 * alternative on the same fleet (findings into {@code PREFIXalt}, compared id for id), one node's
 * upgrade of an affected package to its fixed version and the re-match after it, and the store size
 * of the two indices after a merge to one segment. Prints {@code key=value} lines for run.sh.
 */
public final class AdvisoryMatch {
  private static final String CLUSTER = "bench-fleet";

  private AdvisoryMatch() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: AdvisoryMatch ES_URL INDEX_STATUS NODES PREFIX");
      System.exit(2);
    }
    String url = args[0];
    String prefix = args[3];
    var options = FleetOptions.parse(new String[] {"--es", url, "--index", args[1], "--nodes", args[2],
        "--prefix", prefix});
    var sets = PackageSets.build(FleetSim.parse(options.base()), FleetSim.parse(options.index()),
        options.sets(), options.seed());
    var sim = new FleetSim(options, sets);
    var context = new DocumentContext(CLUSTER, "bench", AgentVersion.current());
    var es = ReportingCount.connect(url);
    var layout = new IndexLayout(prefix);

    long start = System.nanoTime();
    long loaded = FleetLoad.load(es, prefix, options.nodes(), 3, node -> sim.snapshot(node, 0), context);
    es.indices().refresh(r -> r.index(layout.packages(), layout.nodes()));
    out("fleet_nodes", options.nodes());
    out("fleet_documents", loaded);
    out("fleet_packages", count(es, layout.packages(), null));
    out("fleet_load_seconds", seconds(start));

    var all = timed(url, "match", () -> new FindingsMatch(es, layout, Clock.systemUTC()).matchAll());
    es.indices().refresh(r -> r.index(layout.findings()));
    out("match_findings", all.findings());
    out("match_written", all.written());
    out("match_advisories", all.advisories());
    out("match_errors", all.errorCount());

    var alternative = new IndexLayout(prefix + "alt");
    AdvisoryIndices.ensure(es, alternative, alternative.prefix());
    var per = timed(url, "per_package", () -> new PerPackageMatch(es, layout, alternative).run(Clock.systemUTC().instant()));
    es.indices().refresh(r -> r.index(alternative.findings()));
    out("per_package_installed", per.packages());
    out("per_package_affected", per.affectedPackages());
    out("per_package_findings", per.findings());
    compare(es, layout.findings(), alternative.findings());

    upgradeOneNode(es, url, layout, sim, context);
    for (String index : List.of(layout.advisories(), layout.findings())) {
      es.indices().refresh(r -> r.index(index));
      es.indices().forcemerge(f -> f.index(index).maxNumSegments(1L));
      var stats = es.indices().stats(s -> s.index(index).metric("store", "docs"));
      String name = index.substring(prefix.length() + 1);
      out("store_" + name + "_bytes", stats.all().primaries().store().sizeInBytes());
      out("store_" + name + "_docs", stats.all().primaries().docs().count());
    }
    es._transport().close();
  }

  /**
   * A node that has a finding with a fix available installs the fixed version of that package (the
   * document the agent would then upsert), and the match runs again: that finding must close.
   */
  private static void upgradeOneNode(ElasticsearchClient es, String url, IndexLayout layout, FleetSim sim,
      DocumentContext context) throws Exception {
    var hit = es.search(s -> s.index(layout.findings()).size(1)
        .query(q -> q.term(t -> t.field("reunir.finding.status").value("affected_fix_available")))
        .sort(o -> o.field(f -> f.field(PackageFields.HOST_NAME)))
        .sort(o -> o.field(f -> f.field("reunir.finding.advisory_document"))), ObjectNode.class).hits().hits().get(0).source();
    String host = hit.at("/host/name").asText();
    String name = hit.at("/package/name").asText();
    String fixed = hit.at("/reunir/finding/fixed_version").asText();
    String advisory = hit.at("/reunir/finding/advisory_document").asText();
    int node = Integer.parseInt(host.substring("node-".length()));
    Snapshot before = sim.snapshot(node, 0);
    var packages = new ArrayList<PackageRecord>();
    for (PackageRecord p : before.packages()) {
      packages.add(p.name().equals(name) ? withVersion(p, fixed) : p);
    }
    Snapshot after = Snapshot.builder(before.scanId(), before.collectedAt()).nodeName(before.nodeName())
        .os(before.os()).kubernetes(before.kubernetes()).addPackages(packages).build();
    Map<String, byte[]> old = new HashMap<>();
    NodeInventory.of(before, context).documents().forEach(d -> old.put(d.id(), d.json()));
    var changed = NodeInventory.of(after, context).documents().stream()
        .filter(d -> !java.util.Arrays.equals(old.get(d.id()), d.json())).toList();
    for (var doc : changed) {
      String index = layout.alias(doc.index());
      es.index(i -> i.index(index).id(doc.id()).withJson(new java.io.ByteArrayInputStream(doc.json())));
    }
    es.indices().refresh(r -> r.index(layout.packages()));
    long findingsBefore = count(es, layout.findings(), host);
    // What the operator does for a node whose agent recorded a package change: that node alone.
    var report = timed(url, "rematch", () -> {
      var matcher = new FindingsMatch(es, layout, Clock.systemUTC());
      matcher.matchHosts(List.of(host));
      return matcher.report();
    });
    es.indices().refresh(r -> r.index(layout.findings()));
    long stillOpen = es.count(c -> c.index(layout.findings()).query(q -> q.bool(b -> b
        .filter(term(PackageFields.HOST_NAME, host), term("package.name", name),
            term("reunir.finding.advisory_document", advisory))))).count();
    out("upgrade_node", host);
    out("upgrade_package", name + "=" + fixed);
    out("upgrade_documents_written", changed.size());
    out("upgrade_node_findings_before", findingsBefore);
    out("upgrade_node_findings_after", count(es, layout.findings(), host));
    out("upgrade_finding_closed", stillOpen == 0);
    out("rematch_written", report.written());
    out("rematch_deleted", report.deleted());
  }

  private static PackageRecord withVersion(PackageRecord p, String version) {
    int colon = version.indexOf(':');
    int hyphen = version.lastIndexOf('-');
    return new PackageRecord(p.type(), p.name(), version, p.architecture(),
        colon > 0 ? version.substring(0, colon) : null, hyphen > colon ? version.substring(hyphen + 1) : null,
        p.source(), version, p.size(), p.installed(), p.state());
  }

  /** The ids of both findings indices must be the same set; prints how far they differ. */
  private static void compare(ElasticsearchClient es, String match, String alternative) throws Exception {
    Set<String> a = PerPackageMatch.ids(es, match);
    Set<String> b = PerPackageMatch.ids(es, alternative);
    Set<String> onlyMatch = new TreeSet<>(a);
    onlyMatch.removeAll(b);
    Set<String> onlyAlternative = new TreeSet<>(b);
    onlyAlternative.removeAll(a);
    out("compare_only_match", onlyMatch.size());
    out("compare_only_per_package", onlyAlternative.size());
    onlyMatch.stream().limit(5).forEach(id -> System.err.println("only in the match: " + id));
    onlyAlternative.stream().limit(5).forEach(id -> System.err.println("only per package: " + id));
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  /** Runs a step, printing its seconds and the Elasticsearch requests it made, in all and by route. */
  private static <T> T timed(String url, String name, Step<T> step) throws Exception {
    var before = EsRequests.byRoute(url);
    long start = System.nanoTime();
    T result = step.run();
    out(name + "_seconds", seconds(start));
    var requests = EsRequests.since(before, EsRequests.byRoute(url));
    out(name + "_requests", EsRequests.total(requests));
    System.err.println("advisory-match: " + name + ": " + result + ", requests " + requests);
    return result;
  }

  private static long count(ElasticsearchClient es, String index, String host) throws Exception {
    return es.count(c -> {
      c.index(index);
      return host == null ? c : c.query(term(PackageFields.HOST_NAME, host));
    }).count();
  }

  private static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }

  private static String seconds(long start) {
    return String.format("%.1f", (System.nanoTime() - start) / 1e9);
  }

  private static void out(String key, Object value) {
    System.out.println(key + "=" + value);
  }
}
