package io.reunir.agent.probe.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ServiceRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.model.SnapshotDocuments;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Package and service documents of a node in a cluster carry its node pool, zone, region, instance
 * type, OS image and kubelet version (from the Node object the probe reads), as the samples
 * {@code samples/package-eks.json} and {@code samples/service-eks.json} show field for field.
 */
class NodeContextDocumentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DocumentContext CONTEXT = new DocumentContext("prod-eu-1", "all-nodes", "test");

  private static Snapshot eksNode() throws Exception {
    KubernetesFacts facts =
        KubernetesProbe.facts(KubernetesProbeTest.node("src/test/resources/kubernetes/node-eks.json"));
    return Snapshot.builder("scan-1", Instant.EPOCH)
        .nodeName("ip-10-0-12-34.eu-west-1.compute.internal")
        .kubernetes(facts)
        .addPackages(List.of(new PackageRecord("rpm", "openssl-libs", "1.0.2k-24.amzn2.0.14", "x86_64",
            "1", "24.amzn2.0.14", "openssl", "1.0.2k-24.amzn2.0.14", 3_400_000L, null)))
        .addServices(List.of(new ServiceRecord("containerd.service", "running", "running", "enabled",
            2301L, "/usr/bin/containerd", "containerd", false, "proc")))
        .build();
  }

  @Test
  void packageAndServiceDocumentsCarryTheNodePoolAndWhereTheNodeRuns() throws Exception {
    JsonNode docs = SnapshotDocuments.render(eksNode(), CONTEXT);

    // Through text, as Elasticsearch sees them: a long and a parsed int are the same number.
    assertThat(JSON.readTree(JSON.writeValueAsString(docs.get("packages").get(0))))
        .isEqualTo(sample("package-eks.json"));
    assertThat(JSON.readTree(JSON.writeValueAsString(docs.get("services").get(0))))
        .isEqualTo(sample("service-eks.json"));
  }

  @Test
  void theNodeDocumentCarriesTheSameCloudFieldsBesideItsOwn() throws Exception {
    ObjectNode node = Documents.node(eksNode(), CONTEXT);

    assertThat(node.get("cloud")).isEqualTo(sample("package-eks.json").get("cloud"));
    assertThat(node.at("/reunir/node/pool").asText()).isEqualTo("general");
    assertThat(node.at("/reunir/node/zone").asText()).isEqualTo("eu-west-1a");
    assertThat(node.at("/reunir/node/labels/eks.amazonaws.com~1nodegroup").asText()).isEqualTo("general");
  }

  @Test
  void eachDocumentOwnsItsReunirObject() throws Exception {
    // The sync stamps its hash into each document's reunir object: it must never reach another one.
    Snapshot snapshot = eksNode();
    ObjectNode first = Documents.serviceDoc(snapshot, CONTEXT, snapshot.services().get(0));
    ((ObjectNode) first.get("reunir")).put("hash", "0123");
    ((ObjectNode) first.at("/reunir/node")).put("pool", "changed");

    ObjectNode second = Documents.serviceDoc(snapshot, CONTEXT, snapshot.services().get(0));

    assertThat(second.at("/reunir/hash").isMissingNode()).isTrue();
    assertThat(second.at("/reunir/node/pool").asText()).isEqualTo("general");
  }

  @Test
  void outsideAClusterDocumentsHaveNoNodeContext() throws Exception {
    Snapshot snapshot = Snapshot.builder("scan-1", Instant.EPOCH).nodeName("laptop")
        .addServices(eksNode().services()).build();

    ObjectNode service = Documents.serviceDoc(snapshot, CONTEXT, snapshot.services().get(0));

    assertThat(service.has("cloud")).isFalse();
    assertThat(service.at("/reunir/node").isMissingNode()).isTrue();
  }

  private static JsonNode sample(String name) throws Exception {
    return JSON.readTree(Path.of("src/test/resources/samples", name).toFile());
  }
}
