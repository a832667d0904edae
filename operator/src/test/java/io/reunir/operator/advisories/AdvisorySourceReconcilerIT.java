package io.reunir.operator.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.registry.Probes;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.sync.SyncEngine;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.operator.TestPolicies;
import io.reunir.operator.api.AdvisorySource;
import io.reunir.operator.api.AdvisorySourceSpec;
import io.reunir.operator.api.AdvisorySourceStatus;
import io.reunir.operator.api.ElasticsearchTarget;
import io.reunir.operator.status.PolicyConditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The AdvisorySource reconciler on the Kubernetes mock server (CRUD mode) with a real Elasticsearch:
 * a ConfigMap export imported for the fleet's own platforms and matched, and sources that cannot be
 * read reported in the Ready condition, naming the field.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(ElasticsearchExtension.class)
class AdvisorySourceReconcilerIT {
  private static final String NS = "reunir";
  private static final Path OSV = Path.of("../advisories/src/test/resources/osv/distros");
  KubernetesClient client;
  Operator operator;
  String es;
  String prefix;

  @BeforeEach
  void start(ElasticsearchNode node) {
    es = node.url().toString().replaceAll("/$", "");
    prefix = "asrc" + Long.toHexString(System.nanoTime());
    operator = TestPolicies.startOperator(client);
  }

  @AfterEach
  void stop() {
    operator.stop();
  }

  @Test
  void aConfigMapExportIsImportedForTheFleetsPlatformsAndMatched() throws Exception {
    var snapshot = new SnapshotCollector(Clock.systemUTC()).collect(
        new HostRoot(Path.of("../agent/src/test/resources/hosts/fleet/alpine318")),
        Probes.named(List.of("os", "packages")), "alpine318-node");
    var config = new ElasticsearchConfig(List.of(es), prefix, null, null, null, null);
    assertThat(new SyncEngine(SyncEngine.Settings.defaults())
        .sync(snapshot, new DocumentContext("c", "p", "test"), config).converged()).isTrue();
    refreshed(prefix + "-*"); // the node's heartbeat is searchable, as it is within a refresh interval
    // Two records, one after the other, as one ConfigMap key: Alpine's and Ubuntu's CVE-2023-28450.
    String export = Files.readString(OSV.resolve("alpine/ALPINE-CVE-2023-28450.json")) + "\n"
        + Files.readString(OSV.resolve("ubuntu/UBUNTU-CVE-2023-28450.json"));
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("osv")
        .endMetadata().addToData("dnsmasq.json", export).build()).create();
    create("alpine", new AdvisorySourceSpec.Location(null, new AdvisorySourceSpec.ConfigMapKey("osv",
        "dnsmasq.json"), null));

    AdvisorySourceStatus status = await().atMost(Duration.ofSeconds(60))
        .until(() -> status("alpine"), s -> s.lastImport() != null);
    Condition ready = PolicyConditions.find(status.conditions(), PolicyConditions.READY).orElseThrow();
    assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Imported");
    // The fleet is one Alpine node: Ubuntu's five releases are not imported.
    assertThat(status.ecosystems()).isEqualTo("Alpine:v3.18");
    assertThat(status.advisories()).isEqualTo(1);
    assertThat(status.findings()).isEqualTo(2); // dnsmasq and dnsmasq-common 2.89-r2
  }

  private void refreshed(String indices) throws java.io.IOException {
    var elasticsearch = EsClients.connect(new EsEndpoint(List.of(java.net.URI.create(es)), null, null),
        Duration.ofSeconds(30));
    try {
      elasticsearch.indices().refresh(r -> r.index(indices));
    } finally {
      elasticsearch._transport().close();
    }
  }

  @Test
  void aSourceWithTwoLocationsIsInvalidNamingTheField() {
    create("both", new AdvisorySourceSpec.Location("https://example.invalid/all.zip", null, "/osv"));
    Condition ready = awaitReady("both");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidSource");
    assertThat(ready.getMessage()).startsWith("spec.source:").contains("exactly one");
  }

  @Test
  void aMissingConfigMapOrKeyIsInvalidNamingTheField() {
    create("nomap", new AdvisorySourceSpec.Location(null, new AdvisorySourceSpec.ConfigMapKey("absent", "k"),
        null));
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("osv")
        .endMetadata().addToData("other.json", "{}").build()).create();
    create("nokey", new AdvisorySourceSpec.Location(null, new AdvisorySourceSpec.ConfigMapKey("osv",
        "dnsmasq.json"), null));
    Condition noMap = awaitReady("nomap");
    assertThat(noMap.getReason()).isEqualTo("InvalidSource");
    assertThat(noMap.getMessage()).isEqualTo("spec.source.configMap.name: ConfigMap absent not found");
    Condition noKey = awaitReady("nokey");
    assertThat(noKey.getStatus()).isEqualTo("False");
    assertThat(noKey.getMessage()).isEqualTo("spec.source.configMap.key: ConfigMap osv has no key dnsmasq.json");
  }

  private Condition awaitReady(String name) {
    return await().atMost(Duration.ofSeconds(60)).until(
        () -> PolicyConditions.find(status(name).conditions() == null ? List.of() : status(name).conditions(),
            PolicyConditions.READY).orElse(null), c -> c != null);
  }

  private void create(String name, AdvisorySourceSpec.Location location) {
    var source = new AdvisorySource();
    source.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    source.setSpec(new AdvisorySourceSpec(location, null, "1h",
        new ElasticsearchTarget(List.of(es), prefix, null, null)));
    client.resource(source).create();
  }

  private AdvisorySourceStatus status(String name) {
    var s = client.resources(AdvisorySource.class).inNamespace(NS).withName(name).get();
    return s.getStatus() == null ? new AdvisorySourceStatus(null, null, null, null, null, null, null, null, null, null)
        : s.getStatus();
  }
}
