package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional CollectionPolicy: absent unless enabled, and then valid against the CRD. */
class DefaultPolicyTest {
  private static final Path POLICY_ON = Path.of("src/test/resources/helm/default-policy-on.yaml");

  @Test
  void noPolicyByDefault() {
    assertThat(RenderedChart.render().byKind("CollectionPolicy")).isEmpty();
  }

  @Test
  void enabledPolicyCarriesTheValuesAndMatchesTheCrd() {
    var policy =
        (GenericKubernetesResource)
            RenderedChart.render(POLICY_ON).byKind("CollectionPolicy").orElseThrow();
    assertThat(policy.getApiVersion()).isEqualTo("reunir.io/v1alpha1");
    assertThat(policy.getMetadata().getName()).isEqualTo("all-nodes");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    var spec = policy.getAdditionalProperties().get("spec");
    assertThat(spec)
        .isInstanceOfSatisfying(
            Map.class,
            s -> {
              assertThat(s.get("clusterName")).isEqualTo("dev-1");
              assertThat(s.get("schedule")).isEqualTo(Map.of("interval", "1h", "jitter", "10m"));
              assertThat(s.get("elasticsearch"))
                  .isEqualTo(
                      Map.of(
                          "urls", java.util.List.of("https://elasticsearch.example:9200"),
                          "indexPrefix", "reunir",
                          "auth", Map.of("secretName", "es-credentials")));
              assertThat(s).doesNotContainKeys("nodes", "agent");
            });
    assertThat(OpenApiSchemaValidator.validate(CrdSchema.load(), asMap(policy))).isEmpty();
  }

  @Test
  void policyWithEveryOptionMatchesTheCrd() {
    var policy =
        RenderedChart.render(OperatorDeploymentTest.ALL_OPTIONS)
            .byKind("CollectionPolicy")
            .orElseThrow();
    @SuppressWarnings("unchecked")
    var spec =
        (Map<String, Object>)
            ((GenericKubernetesResource) policy).getAdditionalProperties().get("spec");
    assertThat(spec.keySet())
        .containsExactlyInAnyOrder(
            "schedule", "nodes", "probes", "files", "clusterName", "elasticsearch", "agent");
    assertThat(OpenApiSchemaValidator.validate(CrdSchema.load(), asMap(policy))).isEmpty();
  }

  static Map<?, ?> asMap(Object resource) {
    return Serialization.unmarshal(Serialization.asYaml(resource), Map.class);
  }
}
