package io.reunir.operator.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.match.PackageFields;
import io.reunir.agent.sync.SyncEngine;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.FleetFindings;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet side of "which nodes does CVE-X affect", end to end against a real Elasticsearch: the
 * agent's fixture fleet synced by its own {@link SyncEngine}, the fixture advisories imported, the
 * findings computed in Elasticsearch; then one node upgrades, one advisory changes, one node leaves,
 * and only what each of those touches changes.
 */
@ExtendWith(ElasticsearchExtension.class)
class AdvisoryFindingsIT {
  private static final Path FLEET = AdvisoryFleet.FLEET;
  private static final Path OSV = AdvisoryFleet.OSV;
  private static final List<String> HOSTS = List.of("debian10", "debian12", "ubuntu2204", "ubuntu1404",
      "alpine318", "alpine318-clean", "debian10-fixed");
  private static final Instant FIRST_PASS = Instant.parse("2026-12-01T12:00:00Z");

  @TempDir Path temp;
  ElasticsearchClient es;
  ElasticsearchConfig config;
  IndexLayout layout;
  String prefix;
  int passes;

  @BeforeEach
  void connect(ElasticsearchNode node) throws IOException {
    prefix = "advit" + Long.toHexString(System.nanoTime());
    layout = new IndexLayout(prefix);
    config = new ElasticsearchConfig(List.of(node.url().toString()), prefix, null, null, null, null);
    es = EsClients.connect(new EsEndpoint(List.of(node.url()), null, null), Duration.ofSeconds(30));
  }

  @AfterEach
  void close() throws IOException {
    es._transport().close();
  }

  @Test
  void findingsFollowTheFleetAndTheAdvisories() throws Exception {
    Path hosts = temp.resolve("hosts");
    for (String host : HOSTS) {
      AdvisoryFleet.copy(FLEET.resolve(host), hosts.resolve(host));
      sync(hosts.resolve(host), host);
    }
    Path export = temp.resolve("osv");
    AdvisoryFleet.copy(OSV.resolve("distros"), export.resolve("distros"));
    AdvisoryFleet.copy(OSV.resolve("constructed"), export.resolve("constructed"));
    assertThat(AdvisoryIndices.ensure(es, layout, prefix)).contains(layout.concreteIndex("findings"));

    ImportReport first = importExport(export);
    assertThat(first.errors()).isEmpty();
    assertThat(first.written()).isEqualTo(first.documents() - 1); // AlmaLinux lists one package twice
    assertThat(first.ecosystems()).contains("Debian:10", "Alpine:v3.18");
    ImportReport again = importExport(export);
    assertThat(again.written()).isZero();
    assertThat(again.unchanged()).isEqualTo(first.documents() - 1);

    MatchReport full = match();
    assertThat(full.errors()).isEmpty();
    assertThat(full.written()).isEqualTo(9);
    assertThat(findings(null)).containsExactlyElementsOf(FleetFindings.ALL);
    assertThat(findings("CVE-2020-25681")).containsExactly(
        "debian10-node dnsmasq 2.80-1 DSA-4844-1 fixed=2.80-1+deb10u1 affected_fix_available pool=debian10",
        "debian10-node dnsmasq-base 2.80-1 DSA-4844-1 fixed=2.80-1+deb10u1 affected_fix_available pool=debian10",
        "ubuntu1404-node dnsmasq-base 2.68-1ubuntu0.2 UBUNTU-CVE-2020-25681 fixed=null affected_no_fix pool=ubuntu1404");
    assertThat(match().written()).as("a pass over an unchanged fleet rewrites nothing").isZero();

    // debian10 upgrades dnsmasq: its next cycle syncs the fixed version, the next pass closes its finding.
    Files.copy(FLEET.resolve("debian10-fixed/var/lib/dpkg/status"),
        hosts.resolve("debian10/var/lib/dpkg/status"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    sync(hosts.resolve("debian10"), "debian10");
    MatchReport upgraded = match();
    assertThat(upgraded.deleted()).isEqualTo(2);
    assertThat(upgraded.written()).isZero();
    assertThat(findings("CVE-2020-25681")).containsExactly(
        "ubuntu1404-node dnsmasq-base 2.68-1ubuntu0.2 UBUNTU-CVE-2020-25681 fixed=null affected_no_fix pool=ubuntu1404");

    // Alpine publishes a later fix for CVE-2023-28450: only that advisory's findings change.
    Map<String, Long> before = versions();
    Path alpine = export.resolve("distros/alpine/ALPINE-CVE-2023-28450.json");
    String record = Files.readString(alpine);
    assertThat(record).contains("\"2.89-r3\"");
    Files.writeString(alpine, record.replace("\"2.89-r3\"", "\"2.90-r0\""));
    ImportReport changed = importExport(export);
    assertThat(changed.written()).isEqualTo(1);
    assertThat(match().written()).isEqualTo(2);
    Map<String, Long> after = versions();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.forEach((id, version) -> assertThat(version).as(id)
        .isEqualTo(id.endsWith("/Alpine:v3.18/dnsmasq/0") ? before.get(id) + 1 : before.get(id)));
    assertThat(after.keySet().stream().filter(id -> id.contains("ALPINE-CVE-2023-28450"))).hasSize(2);
    assertThat(findings("CVE-2023-28450")).contains(
        "alpine318-node dnsmasq 2.89-r2 ALPINE-CVE-2023-28450 fixed=2.90-r0 affected_fix_available pool=alpine318");

    // ubuntu2204 leaves the cluster: the operator removes its node document; its findings go.
    deleteWhere(layout.nodes(), "ubuntu2204-node");
    refresh();
    var matcher = new FindingsMatch(es, layout, passClock());
    matcher.removeDepartedNodes();
    assertThat(matcher.report().deleted()).isEqualTo(1);
    refresh();
    assertThat(findings(null)).noneMatch(f -> f.startsWith("ubuntu2204-node"));
  }

  private void sync(Path root, String host) throws Exception {
    AdvisoryFleet.sync(config, root, host);
  }

  private ImportReport importExport(Path export) throws IOException {
    var report = new AdvisoryImport(es, layout, "test/source", ecosystem -> true, doc -> { }).run(export);
    refresh();
    return report;
  }

  private MatchReport match() throws IOException {
    refresh(); // what the agents just wrote becomes searchable, as it does within a refresh interval
    MatchReport report = new FindingsMatch(es, layout, passClock()).matchAll();
    refresh();
    return report;
  }

  /** Each pass an hour after the last: a finding's @timestamp stays the pass that first saw it. */
  private Clock passClock() {
    return Clock.fixed(FIRST_PASS.plus(Duration.ofHours(passes++)), ZoneOffset.UTC);
  }

  private void refresh() throws IOException {
    es.indices().refresh(r -> r.index(prefix + "-*"));
  }

  /** The findings, one line each; with an alias, only that CVE's, with fixed version, status and pool. */
  private TreeSet<String> findings(String alias) throws IOException {
    Query query = alias == null ? Query.of(q -> q.matchAll(m -> m))
        : Query.of(q -> q.term(t -> t.field("reunir.finding.aliases").value(alias)));
    var lines = new TreeSet<String>();
    for (Hit<ObjectNode> hit : es.search(s -> s.index(layout.findings()).query(query).size(100),
        ObjectNode.class).hits().hits()) {
      var f = hit.source();
      String line = f.at("/host/name").asText() + " " + f.at("/package/name").asText() + " "
          + f.at("/package/version").asText() + " " + f.at("/vulnerability/id").asText();
      if (alias != null) {
        line += " fixed=" + f.at("/reunir/finding/fixed_version").asText(null) + " "
            + f.at("/reunir/finding/status").asText() + " pool=" + f.at("/reunir/node/pool").asText(null);
        assertThat(f.at("/@timestamp").asText()).isEqualTo(FIRST_PASS.toString());
      }
      lines.add(line);
    }
    return lines;
  }

  private Map<String, Long> versions() throws IOException {
    return AdvisoryFleet.versions(es, layout.findings());
  }

  private void deleteWhere(String index, String host) throws IOException {
    var hits = es.search(s -> s.index(index).size(100)
        .query(q -> q.term(t -> t.field(PackageFields.HOST_NAME).value(host))), ObjectNode.class).hits().hits();
    assertThat(hits).isNotEmpty();
    es.bulk(b -> {
      hits.forEach(hit -> b.operations(op -> op.delete(d -> d.index(hit.index()).id(hit.id()))));
      return b;
    });
  }
}
