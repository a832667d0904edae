package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Helm installs helm/reunir/crds/ once and never upgrades it; people upgrade with `kubectl apply
 * --server-side -f crds/…yml`. Both copies must be the same valid CRD.
 */
class CrdFileTest {
  @Test
  void crdParsesAsTheCollectionPolicyDefinition() {
    var crd = CrdSchema.load();
    assertThat(crd.getMetadata().getName()).isEqualTo("collectionpolicies.reunir.io");
    assertThat(crd.getSpec().getGroup()).isEqualTo("reunir.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("CollectionPolicy");
    assertThat(crd.getSpec().getNames().getShortNames()).contains("cpol");
    assertThat(crd.getSpec().getVersions())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("v1alpha1");
              assertThat(v.getServed()).isTrue();
              assertThat(v.getStorage()).isTrue();
              assertThat(v.getSchema().getOpenAPIV3Schema().getProperties()).containsKey("spec");
            });
  }
  // That the chart ships the generated CRD byte for byte is api.CrdFilesTest's job.
}
