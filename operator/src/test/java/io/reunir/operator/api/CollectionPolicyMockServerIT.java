package io.reunir.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.reunir.operator.TestPolicies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record-based types survive a round trip through the API server's JSON. */
@EnableKubernetesMockClient(crud = true)
class CollectionPolicyMockServerIT {
  KubernetesClient client;

  @Test
  void createsAndReadsBackAPolicy() {
    var policy = TestPolicies.policy("reunir", "all-nodes",
        TestPolicies.spec(List.of(ProbeName.OS, ProbeName.PACKAGES)));
    policy.getMetadata().setUid(null);

    client.resources(CollectionPolicy.class).inNamespace("reunir").resource(policy).create();
    var read = client.resources(CollectionPolicy.class).inNamespace("reunir").withName("all-nodes").get();

    assertThat(read.getSpec()).isEqualTo(policy.getSpec());
    assertThat(read.getSpec().probes()).containsExactly(ProbeName.OS, ProbeName.PACKAGES);
    assertThat(read.getMetadata().getUid()).isNotBlank();
  }
}
