package io.reunir.agent.probe.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

  @Test
  void nodeJsonGivesTheDocumentedFacts() throws Exception {
    // Shaped like `kubectl get node -o json` of an EKS node (values invented, structure real).
    byte[] json = Files.readAllBytes(Path.of("src/test/resources/kubernetes/node-eks.json"));

    KubernetesFacts facts = KubernetesProbe.facts(json);

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
    var facts =
        KubernetesProbe.facts(
            Files.readAllBytes(Path.of("src/test/resources/kubernetes/node-eks.json")));
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
  void aNodeWithoutOptionalPartsLeavesThemEmpty() throws Exception {
    KubernetesFacts facts =
        KubernetesProbe.facts(
            "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n\"}}".getBytes(StandardCharsets.UTF_8));

    assertThat(facts).isEqualTo(new KubernetesFacts(Map.of(), List.of(), null, null, null, null, null));
  }

  @Test
  void somethingElseThanANodeIsAnError() {
    assertThatThrownBy(() -> KubernetesProbe.facts("{\"kind\":\"Status\"}".getBytes()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a Node");
    assertThatThrownBy(() -> KubernetesProbe.facts("{\"kind\":".getBytes()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void outsideAClusterThereIsNothingAndNoError() {
    var noNodeName =
        KubernetesAccess.fromEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), null);
    var noToken =
        new KubernetesAccess(
            "node-a",
            URI.create("https://10.96.0.1:443"),
            dir.resolve("token"),
            dir.resolve("ca.crt"),
            Duration.ofSeconds(1));

    for (var access : List.of(noNodeName, noToken)) {
      var snapshot =
          new SnapshotCollector(Clock.systemUTC())
              .collect(new HostRoot(dir), List.of(new KubernetesProbe(access)), null);
      assertThat(snapshot.kubernetes()).isNull();
      assertThat(snapshot.errors()).isEmpty();
    }
  }

  @Test
  void aTokenWithoutTheServiceVariablesIsAnError() throws Exception {
    Files.writeString(dir.resolve("token"), "t");
    var access =
        new KubernetesAccess(
            "node-a", null, dir.resolve("token"), dir.resolve("ca.crt"), Duration.ofSeconds(1));

    var snapshot =
        new SnapshotCollector(Clock.systemUTC())
            .collect(new HostRoot(dir), List.of(new KubernetesProbe(access)), null);

    assertThat(snapshot.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.error()).contains("KUBERNETES_SERVICE_HOST"));
  }

  @Test
  void environmentGivesTheInClusterAddress() {
    var access =
        KubernetesAccess.fromEnvironment(
            Map.of(
                "NODE_NAME",
                "node-a",
                "KUBERNETES_SERVICE_HOST",
                "fd00:10:96::1",
                "KUBERNETES_SERVICE_PORT",
                "6443"),
            null);

    assertThat(access.apiServer()).isEqualTo(URI.create("https://[fd00:10:96::1]:6443"));
    assertThat(access.nodeName()).isEqualTo("node-a");
    assertThat(access.tokenFile())
        .isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
    assertThat(KubernetesAccess.fromEnvironment(Map.of("NODE_NAME", "a"), "b").nodeName())
        .isEqualTo("b");
  }
}
