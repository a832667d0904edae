package io.reunir.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which label and which part of the providerID each field comes from, per provisioner. */
class NodeContextTest {
  private static NodeContext of(Map<String, String> labels, String providerId) {
    return NodeContext.of(new KubernetesFacts(labels, List.of(), "v1.30.5", null, providerId, null,
        "Container-Optimized OS from Google"));
  }

  @Test
  void gkeNodePoolAndGceProviderId() {
    var node = of(Map.of("cloud.google.com/gke-nodepool", "default-pool",
            "topology.kubernetes.io/region", "europe-west1", "topology.kubernetes.io/zone", "europe-west1-b",
            "node.kubernetes.io/instance-type", "e2-standard-4"),
        "gce://my-project/europe-west1-b/gke-prod-default-pool-1a2b3c4d-x9z8");

    assertThat(node).isEqualTo(new NodeContext("gcp", "europe-west1", "europe-west1-b", "e2-standard-4",
        null, "gke-prod-default-pool-1a2b3c4d-x9z8", "my-project", null, "default-pool",
        "Container-Optimized OS from Google", "v1.30.5"));
  }

  @Test
  void aksAgentPoolNewAndOldLabelAndTheSubscriptionFromTheProviderId() {
    String vmss = "azure:///subscriptions/1f2e3d4c-0000-4a5b-8c7d-0123456789ab/resourceGroups/"
        + "mc_rg_aks_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/"
        + "aks-nodepool1-12345678-vmss/virtualMachines/0";
    var current = of(Map.of("kubernetes.azure.com/agentpool", "nodepool1", "agentpool", "nodepool1"), vmss);
    var older = of(Map.of("agentpool", "system"), vmss);

    assertThat(current.pool()).isEqualTo("nodepool1");
    assertThat(current.provider()).isEqualTo("azure");
    assertThat(current.accountId()).isEqualTo("1f2e3d4c-0000-4a5b-8c7d-0123456789ab");
    assertThat(current.instanceId()).isNull();
    assertThat(older.pool()).isEqualTo("system");
  }

  @Test
  void karpenterNodePoolNewAndOldLabel() {
    assertThat(of(Map.of("karpenter.sh/nodepool", "default"), "aws:///us-east-2a/i-0123456789abcdef0").pool())
        .isEqualTo("default");
    assertThat(of(Map.of("karpenter.sh/provisioner-name", "spot"), null).pool()).isEqualTo("spot");
  }

  @Test
  void deprecatedTopologyAndInstanceTypeLabelsAreTheFallback() {
    var node = of(Map.of("failure-domain.beta.kubernetes.io/region", "us-east-1",
            "failure-domain.beta.kubernetes.io/zone", "us-east-1c",
            "beta.kubernetes.io/instance-type", "m5.large",
            "topology.kubernetes.io/zone", "us-east-1d"),
        "aws:///us-east-1d/i-0fedcba9876543210");

    assertThat(node.region()).isEqualTo("us-east-1");
    assertThat(node.zone()).isEqualTo("us-east-1d"); // the current label wins where both are set
    assertThat(node.machineType()).isEqualTo("m5.large");
    assertThat(node.provider()).isEqualTo("aws");
    assertThat(node.instanceId()).isEqualTo("i-0fedcba9876543210");
  }

  @Test
  void anotherSchemeIsTheProviderAsWrittenAndNoLabelsMeanNoPool() {
    var kind = of(Map.of(), "kind://docker/kind/kind-worker");
    var bare = of(Map.of("pool", "general"), "");

    assertThat(kind.provider()).isEqualTo("kind");
    assertThat(kind.pool()).isNull();
    assertThat(kind.instanceId()).isNull();
    assertThat(bare.provider()).isNull();
    assertThat(bare.pool()).isNull(); // a home-made label is not a provisioner's pool
    assertThat(NodeContext.of(null)).isNull();
  }
}
