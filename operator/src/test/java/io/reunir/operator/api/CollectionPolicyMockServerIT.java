package io.reunir.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the mock-server wiring: a CollectionPolicy goes in and comes back out. */
@EnableKubernetesMockClient(crud = true)
class CollectionPolicyMockServerIT {
  KubernetesClient client;

  @Test
  void createsAndReadsBackAPolicy() {
    var policy = new CollectionPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("all-nodes").withNamespace("reunir").build());
    var spec = new CollectionPolicySpec();
    spec.setClusterName("prod-eu-1");
    spec.setProbes(List.of("os", "packages"));
    policy.setSpec(spec);

    client.resources(CollectionPolicy.class).inNamespace("reunir").resource(policy).create();
    var read = client.resources(CollectionPolicy.class).inNamespace("reunir").withName("all-nodes").get();

    assertThat(read.getSpec().getClusterName()).isEqualTo("prod-eu-1");
    assertThat(read.getSpec().getProbes()).containsExactly("os", "packages");
    assertThat(read.getMetadata().getUid()).isNotBlank();
  }
}
