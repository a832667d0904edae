package io.reunir.agent.probe.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesProbeTest {
  @TempDir Path dir;

  /** A Node as Fabric8 reads it from the API server's JSON. */
  static Node node(String file) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return new KubernetesSerialization().unmarshal(in, Node.class);
    }
  }

  @Test
  void nodeJsonGivesTheDocumentedFacts() throws Exception {
    // Shaped like `kubectl get node -o json` of an EKS node (values invented, structure real).
    KubernetesFacts facts = KubernetesProbe.facts(node("src/test/resources/kubernetes/node-eks.json"));

    assertThat(facts.labels()).hasSize(11).containsEntry("eks.amazonaws.com/nodegroup", "general");
    assertThat(facts.taints())
        .containsExactly("dedicated=db:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
    assertThat(facts.kubeletVersion()).isEqualTo("v1.31.4-eks-aeac579");
    assertThat(facts.containerRuntime()).isEqualTo("containerd://1.7.24");
    assertThat(facts.providerId()).isEqualTo("aws:///eu-west-1a/i-0abc123def4567890");
    assertThat(facts.zone()).isEqualTo("eu-west-1a");
    assertThat(facts.osImage()).isEqualTo("Amazon Linux 2");
  }

  @Test
  void theNodeDocumentCarriesTheDocumentedSample() throws Exception {
    var facts = KubernetesProbe.facts(node("src/test/resources/kubernetes/node-eks.json"));
    var snapshot =
        Snapshot.builder("scan-1", Instant.EPOCH).nodeName("n").kubernetes(facts).build();

    var node = Documents.node(snapshot, DocumentContext.local());

    assertThat(node.at("/reunir/node"))
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    Path.of("src/test/resources/expected/node-eks-kubernetes.json").toFile()));
  }

  @Test
  void aNodeWithoutOptionalPartsLeavesThemEmpty() {
    KubernetesFacts facts =
        KubernetesProbe.facts(new NodeBuilder().withNewMetadata().withName("n").endMetadata().build());

    assertThat(facts).isEqualTo(new KubernetesFacts(Map.of(), List.of(), null, null, null, null, null));
  }

  @Test
  void outsideAClusterThereIsNothingAndNoError() {
    var noNodeName = NodeReader.fromEnvironment(Map.of(), null);
    var noToken =
        new NodeReader(new KubernetesAccess("node-a", dir.resolve("token"), Duration.ofSeconds(1)));

    for (var reader : List.of(noNodeName, noToken)) {
      var snapshot =
          new SnapshotCollector(Clock.systemUTC())
              .collect(new HostRoot(dir), List.of(new KubernetesProbe(reader)), null);
      assertThat(snapshot.kubernetes()).isNull();
      assertThat(snapshot.errors()).isEmpty();
    }
  }

  @Test
  void environmentNamesTheNodeAndTheTokenFile() {
    var access = KubernetesAccess.fromEnvironment(Map.of("NODE_NAME", "node-a"), null);

    assertThat(access.nodeName()).isEqualTo("node-a");
    assertThat(access.tokenFile())
        .isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
    assertThat(KubernetesAccess.fromEnvironment(Map.of("NODE_NAME", "a"), "b").nodeName())
        .isEqualTo("b");
  }
}
