package io.reunir.operator.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.ContainerRecord;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.ImageRecord;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.OsFacts;
import io.reunir.agent.model.OsRelease;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.packages.DpkgStatusParser;
import io.reunir.agent.sync.SyncEngine;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Which pods run an affected dnsmasq", end to end against a real Elasticsearch: two nodes' agents
 * sync their running containers and images through their own {@link SyncEngine} (an image of Debian 10's
 * dnsmasq 2.80-1 in two pods on two nodes, the same image rebuilt with 2.80-1+deb10u1 in a third),
 * the fixture advisories are imported, and the container match finds exactly the two affected pods;
 * the host match leaves those findings alone, an unchanged pass rewrites nothing, and a pod that
 * stops loses its findings.
 */
@ExtendWith(ElasticsearchExtension.class)
class ContainerFindingsIT {
  private static final Path FLEET = AdvisoryFleet.FLEET;
  private static final Path OSV = AdvisoryFleet.OSV;
  private static final DocumentContext CONTEXT = AdvisoryFleet.CONTEXT;
  private static final OsRelease BUSTER = new OsRelease("debian", null, "Debian GNU/Linux",
      "Debian GNU/Linux 10 (buster)", "10 (buster)", "10", "buster");
  private static final Instant FIRST_PASS = Instant.parse("2026-12-01T12:00:00Z");

  ElasticsearchClient es;
  ElasticsearchConfig config;
  IndexLayout layout;
  String prefix;
  int passes;

  @BeforeEach
  void connect(ElasticsearchNode node) throws IOException {
    prefix = "ctrit" + Long.toHexString(System.nanoTime());
    layout = new IndexLayout(prefix);
    config = new ElasticsearchConfig(List.of(node.url().toString()), prefix, null, null, null, null);
    es = EsClients.connect(new EsEndpoint(List.of(node.url()), null, null), Duration.ofSeconds(30));
  }

  @AfterEach
  void close() throws IOException {
    es._transport().close();
  }

  @Test
  void containerFindingsNameThePodsOfTheAffectedImage() throws Exception {
    var affected = new ImageRecord("sha256-dnsmasq-280-1", BUSTER, packages("debian10"));
    var fixed = new ImageRecord("sha256-dnsmasq-280-1-deb10u1", BUSTER, packages("debian10-fixed"));
    var dns1 = container("c-dns-1", "dns-1", "registry.example/dnsmasq:2.80", affected);
    var dns2 = container("c-dns-2", "dns-2", "registry.example/dnsmasq:2.80", affected);
    var dns3 = container("c-dns-3", "dns-3", "registry.example/dnsmasq:2.80-deb10u1", fixed);
    sync("node-a", List.of(dns1, dns3));
    sync("node-b", List.of(dns2));
    AdvisoryIndices.ensure(es, layout, prefix);
    var imported = new AdvisoryImport(es, layout, "test/source", ecosystem -> true, doc -> { }).run(OSV.resolve("distros"));
    assertThat(imported.errors()).isEmpty();
    refresh();

    MatchReport first = match();
    assertThat(first.errors()).isEmpty();
    assertThat(first.written()).isEqualTo(4);
    assertThat(containerFindings()).containsExactly(
        "node-a kube-system/dns-1/dnsmasq c-dns-1 registry.example/dnsmasq:2.80 dnsmasq 2.80-1 DSA-4844-1"
            + " fixed=2.80-1+deb10u1 pool=general image-os=debian 10",
        "node-a kube-system/dns-1/dnsmasq c-dns-1 registry.example/dnsmasq:2.80 dnsmasq-base 2.80-1 DSA-4844-1"
            + " fixed=2.80-1+deb10u1 pool=general image-os=debian 10",
        "node-b kube-system/dns-2/dnsmasq c-dns-2 registry.example/dnsmasq:2.80 dnsmasq 2.80-1 DSA-4844-1"
            + " fixed=2.80-1+deb10u1 pool=general image-os=debian 10",
        "node-b kube-system/dns-2/dnsmasq c-dns-2 registry.example/dnsmasq:2.80 dnsmasq-base 2.80-1 DSA-4844-1"
            + " fixed=2.80-1+deb10u1 pool=general image-os=debian 10");
    assertThat(ids()).containsExactlyInAnyOrder(
        "node-a/container/c-dns-1/deb/dnsmasq/all/DSA-4844-1/Debian:10/dnsmasq/0",
        "node-a/container/c-dns-1/deb/dnsmasq-base/amd64/DSA-4844-1/Debian:10/dnsmasq/0",
        "node-b/container/c-dns-2/deb/dnsmasq/all/DSA-4844-1/Debian:10/dnsmasq/0",
        "node-b/container/c-dns-2/deb/dnsmasq-base/amd64/DSA-4844-1/Debian:10/dnsmasq/0");

    // The pass the reconciler runs first, the host match, keeps its hands off container findings.
    MatchReport host = new FindingsMatch(es, layout, passClock()).matchAll();
    refresh();
    assertThat(host.deleted()).isZero();
    assertThat(match().written()).as("a pass over unchanged containers rewrites nothing").isZero();
    assertThat(containerFindings()).hasSize(4);

    // dns-2 stops: node-b's next cycle removes its container document, the next pass its findings.
    sync("node-b", List.of());
    MatchReport stopped = match();
    assertThat(stopped.deleted()).isEqualTo(2);
    assertThat(stopped.written()).isZero();
    assertThat(containerFindings()).noneMatch(f -> f.contains("dns-2")).hasSize(2);
  }

  private void sync(String host, List<ContainerRecord> containers) throws Exception {
    var os = new OsFacts(host, host + "-machine-id", null, FIRST_PASS.minus(Duration.ofDays(3)), 3600L,
        "6.1.0-28-amd64", "x86_64", new OsRelease("debian", null, "Debian GNU/Linux",
            "Debian GNU/Linux 12 (bookworm)", "12 (bookworm)", "12", "bookworm"));
    var kubernetes = new KubernetesFacts(Map.of("eks.amazonaws.com/nodegroup", "general"), List.of(),
        "v1.31.4", "containerd://1.7.24", null, null, null);
    var snapshot = Snapshot.builder(host + "-" + System.nanoTime(), Instant.now()).nodeName(host).os(os)
        .kubernetes(kubernetes).addContainers(containers).collected("containers")
        .complete("containers/containerd").build();
    assertThat(new SyncEngine(SyncEngine.Settings.defaults()).sync(snapshot, CONTEXT, config).converged())
        .as(host).isTrue();
    refresh();
  }

  private static ContainerRecord container(String id, String pod, String image, ImageRecord content) {
    return new ContainerRecord(id, "containerd", new ContainerRecord.PodRef("kube-system", pod, "uid-" + pod,
        "dnsmasq"), image, List.of(), FIRST_PASS.minus(Duration.ofHours(1)), ContainerRecord.Content.read(content));
  }

  /** The packages of a fixture host's dpkg status, as the agent reads them inside a container root. */
  private static List<PackageRecord> packages(String host) throws IOException {
    try (InputStream in = Files.newInputStream(FLEET.resolve(host).resolve("var/lib/dpkg/status"))) {
      return DpkgStatusParser.parse(in, DpkgStatusParser.Mode.STATUS).packages();
    }
  }

  private MatchReport match() throws IOException {
    refresh();
    MatchReport report = new ContainerFindingsMatch(es, layout, passClock()).matchAll();
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

  private List<Hit<ObjectNode>> hits() throws IOException {
    return es.search(s -> s.index(layout.findings()).size(100)
        .query(q -> q.term(t -> t.field("reunir.scope").value("container"))), ObjectNode.class).hits().hits();
  }

  private List<String> ids() throws IOException {
    var ids = new ArrayList<String>();
    hits().forEach(h -> ids.add(h.id()));
    return ids;
  }

  /** The container findings, one line each, all first seen by the first pass. */
  private TreeSet<String> containerFindings() throws IOException {
    var lines = new TreeSet<String>();
    for (Hit<ObjectNode> hit : hits()) {
      var f = hit.source();
      assertThat(f.at("/@timestamp").asText()).isEqualTo(FIRST_PASS.toString());
      assertThat(f.at("/host/os").isMissingNode()).as("host.os is the node's").isTrue();
      lines.add(f.at("/host/name").asText() + " " + f.at("/kubernetes/namespace").asText() + "/"
          + f.at("/kubernetes/pod/name").asText() + "/" + f.at("/kubernetes/container/name").asText() + " "
          + f.at("/container/id").asText() + " " + f.at("/container/image/name").asText() + " "
          + f.at("/package/name").asText() + " " + f.at("/package/version").asText() + " "
          + f.at("/vulnerability/id").asText() + " fixed=" + f.at("/reunir/finding/fixed_version").asText()
          + " pool=" + f.at("/reunir/node/pool").asText() + " image-os="
          + f.at("/reunir/container/os/platform").asText() + " " + f.at("/reunir/container/os/version").asText());
    }
    return lines;
  }
}
