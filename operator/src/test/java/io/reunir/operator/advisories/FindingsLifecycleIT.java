package io.reunir.operator.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.LibraryUse;
import io.reunir.agent.redash.EsHttp;
import io.reunir.agent.redash.RedashQuery;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finding's life through the incremental passes, against a real Elasticsearch: a node upgrades
 * while its old dnsmasq still runs, then restarts it; an advisory leaves the export; an export with a
 * broken record removes nothing. Each pass is {@link AdvisoryPass} as the reconciler runs it, and the
 * Redash queries that read the outcome run on what the passes left.
 */
@ExtendWith(ElasticsearchExtension.class)
class FindingsLifecycleIT {
  private static final Path QUERIES = Path.of("../redash/queries");
  private static final List<String> HOSTS = List.of("debian10", "debian12", "ubuntu1404");
  private static final String SOURCE = "security/osv";
  private static final LibraryUse OLD_DNSMASQ_RUNS = new LibraryUse(Set.of("dnsmasq-base"),
      Map.of("dnsmasq-base", List.of("dnsmasq")), true);
  private static final LibraryUse RESTARTED = new LibraryUse(Set.of("dnsmasq-base"), Map.of(), true);

  @TempDir Path temp;
  ElasticsearchClient es;
  EsHttp http;
  ElasticsearchConfig config;
  IndexLayout layout;
  String prefix;
  Instant firstPass;
  AdvisoryPass.Outcome last;

  @BeforeEach
  void connect(ElasticsearchNode node) throws IOException {
    prefix = "lifeit" + Long.toHexString(System.nanoTime());
    layout = new IndexLayout(prefix);
    config = new ElasticsearchConfig(List.of(node.url().toString()), prefix, null, null, null, null);
    es = EsClients.connect(new EsEndpoint(List.of(node.url()), null, null), Duration.ofSeconds(30));
    http = new EsHttp(node.url());
  }

  @AfterEach
  void close() throws IOException {
    es._transport().close();
  }

  @Test
  void aFixIsRecordedOnceWithItsExposureWindowAndOldCodeStaysVisibleUntilARestart() throws Exception {
    Path hosts = temp.resolve("hosts");
    for (String host : HOSTS) {
      AdvisoryFleet.copy(AdvisoryFleet.FLEET.resolve(host), hosts.resolve(host));
      AdvisoryFleet.sync(config, hosts.resolve(host), host);
    }
    Path export = export();
    AdvisoryIndices.ensure(es, layout, prefix);
    firstPass = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    pass(firstPass);
    assertThat(last.full()).as("the first pass matches whole").isTrue();
    assertThat(findings("debian10-node")).containsExactly(
        "dnsmasq 2.80-1 DSA-4844-1 affected_fix_available", "dnsmasq-base 2.80-1 DSA-4844-1 affected_fix_available");
    // The afternoon's question as a Redash user types it, on what the operator's pass wrote.
    assertThat(redash("12-nodes-affected-by-advisory.json", Map.of("advisory", "CVE-2020-25681")))
        .extracting(r -> r.path("host.name").asText() + " " + r.path("reunir.node.pool").asText() + " "
            + r.path("package.name").asText() + " " + r.path("package.version").asText() + " "
            + r.path("vulnerability.id").asText() + " fixed=" + r.path("reunir.finding.fixed_version").asText("-")
            + " " + r.path("reunir.finding.status").asText())
        .containsExactly(
            "debian10-node debian10 dnsmasq 2.80-1 DSA-4844-1 fixed=2.80-1+deb10u1 affected_fix_available",
            "debian10-node debian10 dnsmasq-base 2.80-1 DSA-4844-1 fixed=2.80-1+deb10u1 affected_fix_available",
            "ubuntu1404-node ubuntu1404 dnsmasq-base 2.68-1ubuntu0.2 UBUNTU-CVE-2020-25681 fixed=- affected_no_fix");
    Map<String, Long> before = versions();

    // debian10 upgrades; the old dnsmasq-base files are still mapped by the running dnsmasq.
    Instant upgradeSynced = Instant.now().minusMillis(1);
    Files.copy(AdvisoryFleet.FLEET.resolve("debian10-fixed/var/lib/dpkg/status"),
        hosts.resolve("debian10/var/lib/dpkg/status"), StandardCopyOption.REPLACE_EXISTING);
    AdvisoryFleet.sync(config, hosts.resolve("debian10"), "debian10", OLD_DNSMASQ_RUNS);
    refresh();
    assertThat(new FindingsMatch(es, layout, Clock.systemUTC()).hostsChangedSince(upgradeSynced))
        .as("the change events name the one node that changed").containsExactly("debian10-node");

    pass(firstPass.plus(Duration.ofHours(1)));
    assertThat(last.full()).isFalse();
    assertThat(last.match().fixed()).isEqualTo(2);
    assertThat(findings("debian10-node")).containsExactly(
        "dnsmasq-base 2.80-1+deb10u1 DSA-4844-1 fixed_old_code_running");
    Map<String, Long> after = versions();
    before.forEach((id, version) -> {
      if (!id.startsWith("debian10-node/")) {
        assertThat(after.get(id)).as(id + " untouched by debian10's re-match").isEqualTo(version);
      }
    });
    assertThat(fixedEvents()).containsExactly(
        "debian10-node dnsmasq 2.80-1 -> 2.80-1+deb10u1 DSA-4844-1 fixed_version_installed window=PT1H",
        "debian10-node dnsmasq-base 2.80-1 -> 2.80-1+deb10u1 DSA-4844-1 fixed_version_installed window=PT1H");
    assertThat(redash("17-fix-installed-old-code-running.json", Map.of()))
        .extracting(r -> r.path("host.name").asText() + " " + r.path("package.name").asText() + " "
            + r.path("package.version").asText() + " " + r.path("reunir.package.deleted_in_use_by").asText())
        .containsExactly("debian10-node dnsmasq-base 2.80-1+deb10u1 dnsmasq");
    assertThat(redash("18-exposure-window-per-node.json", Map.of("advisory", "CVE-2020-25681")))
        .extracting(r -> r.path("host.name").asText() + " " + r.path("package.name").asText() + " "
            + r.path("event.start").asText() + " " + r.path("event.duration").asLong())
        .containsExactly(
            "debian10-node dnsmasq " + firstPass + " " + Duration.ofHours(1).toNanos(),
            "debian10-node dnsmasq-base " + firstPass + " " + Duration.ofHours(1).toNanos());

    // The restart: nothing maps the old files; the kept finding goes, and no second event is written.
    AdvisoryFleet.sync(config, hosts.resolve("debian10"), "debian10", RESTARTED);
    pass(firstPass.plus(Duration.ofHours(2)));
    assertThat(findings("debian10-node")).isEmpty();
    assertThat(last.match().fixed()).isZero();
    assertThat(fixedEvents()).hasSize(2);
    assertThat(redash("17-fix-installed-old-code-running.json", Map.of())).isEmpty();

    // Ubuntu's CVE-2020-25681 record leaves the export: its documents and findings go, as no fix.
    assertThat(findings("ubuntu1404-node")).contains("dnsmasq-base 2.68-1ubuntu0.2 UBUNTU-CVE-2020-25681 affected_no_fix");
    Files.delete(export.resolve("distros/ubuntu/UBUNTU-CVE-2020-25681.json"));
    pass(firstPass.plus(Duration.ofHours(3)));
    assertThat(last.removed().count()).isPositive();
    assertThat(last.removed().ids()).allMatch(id -> id.startsWith("UBUNTU-CVE-2020-25681/"));
    assertThat(findings("ubuntu1404-node")).noneMatch(f -> f.contains("UBUNTU-CVE-2020-25681"));
    assertThat(fixedEvents()).as("an advisory that left is not a node's fix").hasSize(2);

    // A broken record makes the import unclean: nothing is removed, even what did leave.
    long advisories = count(layout.advisories());
    Files.delete(export.resolve("distros/ubuntu/UBUNTU-CVE-2023-28450.json"));
    Files.writeString(export.resolve("distros/ubuntu/broken.json"), "{\"id\": \"USN-BROKEN\", \"affected\": [");
    pass(firstPass.plus(Duration.ofHours(4)));
    assertThat(last.imported().clean()).isFalse();
    assertThat(last.removed()).isNull();
    assertThat(count(layout.advisories())).isEqualTo(advisories);
    assertThat(findings("ubuntu1404-node")).contains("dnsmasq-base 2.68-1ubuntu0.2 UBUNTU-CVE-2023-28450 affected_fix_available");
  }

  @Test
  void indicesAnOlderVersionCreatedGainThisVersionsFields() throws IOException {
    for (String name : List.of("findings", "changes")) {
      es.indices().create(c -> c.index(layout.concreteIndex(name)).aliases(layout.alias(name), a -> a)
          .mappings(m -> m.dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.Strict)
              .properties("host", p -> p.object(o -> o.properties("name", k -> k.keyword(x -> x))))));
    }
    AdvisoryIndices.ensure(es, layout, prefix);
    es.index(i -> i.index(layout.findings()).id("f").document(Map.of("host", Map.of("name", "n"),
        "reunir", Map.of("package", Map.of("deleted_in_use", true)))));
    es.index(i -> i.index(layout.changes()).id("e").document(Map.of("event", Map.of("action",
        FindingClosure.FIXED_ACTION, "duration", 1L), "vulnerability", Map.of("id", "DSA-4844-1"))));
    refresh();
    assertThat(count(layout.findings())).isEqualTo(1);
    assertThat(count(layout.changes())).isEqualTo(1);
  }

  private Path export() throws IOException {
    Path export = temp.resolve("osv");
    AdvisoryFleet.copy(AdvisoryFleet.OSV.resolve("distros"), export.resolve("distros"));
    AdvisoryFleet.copy(AdvisoryFleet.OSV.resolve("constructed"), export.resolve("constructed"));
    return export;
  }

  private void pass(Instant at) throws IOException {
    refresh();
    last = AdvisoryPass.run(es, layout, SOURCE, ecosystem -> true, temp.resolve("osv"),
        last == null ? null : last.lastFullMatch(), last == null ? null : last.changesMatchedUntil(),
        Clock.fixed(at, ZoneOffset.UTC));
    assertThat(last.match().errors()).isEmpty();
    refresh();
  }

  private void refresh() throws IOException {
    es.indices().refresh(r -> r.index(prefix + "-*"));
  }

  /** The host-scope findings of one node: package, version, advisory, status. */
  private TreeSet<String> findings(String host) throws IOException {
    var lines = new TreeSet<String>();
    for (Hit<ObjectNode> hit : es.search(s -> s.index(layout.findings()).size(100)
        .query(q -> q.term(t -> t.field("host.name").value(host))), ObjectNode.class).hits().hits()) {
      var f = hit.source();
      lines.add(f.at("/package/name").asText() + " " + f.at("/package/version").asText() + " "
          + f.at("/vulnerability/id").asText() + " " + f.at("/reunir/finding/status").asText());
    }
    return lines;
  }

  private TreeSet<String> fixedEvents() throws IOException {
    var lines = new TreeSet<String>();
    for (Hit<ObjectNode> hit : es.search(s -> s.index(layout.changes()).size(100)
        .query(q -> q.term(t -> t.field("event.action").value(FindingClosure.FIXED_ACTION))), ObjectNode.class)
        .hits().hits()) {
      var e = hit.source();
      Duration window = Duration.between(Instant.parse(e.at("/event/start").asText()),
          Instant.parse(e.at("/event/end").asText()));
      assertThat(e.at("/event/duration").asLong()).isEqualTo(window.toNanos());
      assertThat(e.at("/event/start").asText()).isEqualTo(firstPass.toString());
      lines.add(e.at("/host/name").asText() + " " + e.at("/package/name").asText() + " "
          + e.at("/reunir/package/previous_version").asText() + " -> " + e.at("/package/version").asText() + " "
          + e.at("/vulnerability/id").asText() + " " + e.at("/reunir/finding/closed_by").asText()
          + " window=" + window);
    }
    return lines;
  }

  private Map<String, Long> versions() throws IOException {
    return AdvisoryFleet.versions(es, layout.findings());
  }

  private long count(String index) throws IOException {
    return es.count(c -> c.index(index)).count();
  }

  private List<ObjectNode> redash(String file, Map<String, String> parameters) throws Exception {
    return RedashQuery.load(QUERIES.resolve(file)).run(http, prefix, parameters);
  }
}
