package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.operator.api.HostFilePaths;
import java.util.List;
import java.util.Map;
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
  @Test
  void filesSchemaHoldsThePathRulesOfTheValidator() {
    var spec = CrdSchema.load().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
        .getProperties().get("spec");
    var files = spec.getProperties().get("files");
    assertThat(files.getItems().getSchema().getPattern()).isEqualTo(HostFilePaths.PATTERN);
    assertThat(files.getItems().getSchema().getMaxLength()).isEqualTo(HostFilePaths.MAX_LENGTH);
    var rule = spec.getXKubernetesValidations().stream()
        .filter(r -> r.getRule().contains("self.files.all")).findFirst().orElseThrow();
    var listed = java.util.regex.Pattern.compile("'(/[^']*)'").matcher(
        rule.getRule().substring(0, rule.getRule().indexOf("].exists")));
    var denied = new java.util.ArrayList<String>();
    while (listed.find()) {
      denied.add(listed.group(1));
    }
    assertThat(denied).isEqualTo(HostFilePaths.DENIED);
    assertThat(HostFilePaths.DENIED).allSatisfy(d -> assertThat(rule.getMessage()).contains(d));
  }

  @Test
  void schemaRefusesFilePathsThatAreNotNormalizedFiles() {
    var crd = CrdSchema.load();
    for (String bad : List.of("etc/hosts", "/", "/etc/", "/etc//hosts", "/etc/../shadow", "/etc/./x")) {
      assertThat(OpenApiSchemaValidator.validate(crd, policyWithFile(bad))).as(bad)
          .singleElement().asString().startsWith("spec.files[0]");
    }
    assertThat(OpenApiSchemaValidator.validate(crd, policyWithFile("/etc/ssh/sshd_config"))).isEmpty();
  }

  private static Map<String, Object> policyWithFile(String file) {
    return Map.of("apiVersion", "reunir.io/v1alpha1", "kind", "CollectionPolicy",
        "metadata", Map.of("name", "p"),
        "spec", Map.of("clusterName", "c", "probes", List.of("files"), "files", List.of(file),
            "elasticsearch", Map.of("urls", List.of("https://es:9200"))));
  }

  // That the chart ships the generated CRD byte for byte is api.CrdFilesTest's job.
}
