package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The install steps of docs/install.md through a real client against the Fabric8 CRUD mock server:
 * the CRD file loads and is created, then every example manifest is created and the policies read
 * back as CollectionPolicies. The mock server checks no schema; the unit tests do that.
 */
@EnableKubernetesMockClient(crud = true)
class ChartInstallIT {
  KubernetesClient client;

  @Test
  void crdThenExamplesApply() throws Exception {
    var crdYaml = ChartFiles.read(ChartFiles.crd()).getBytes(StandardCharsets.UTF_8);
    var crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(new ByteArrayInputStream(crdYaml))
            .item();
    client.resource(crd).create();
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("collectionpolicies.reunir.io")
                .get())
        .isNotNull();

    int policies = 0;
    for (var example : ExamplesTest.examples().toList()) {
      var bytes = ChartFiles.read(example).getBytes(StandardCharsets.UTF_8);
      for (var object : client.load(new ByteArrayInputStream(bytes)).items()) {
        client.resource(object).create();
        policies += object.getKind().equals("CollectionPolicy") ? 1 : 0;
      }
    }

    var stored =
        client
            .genericKubernetesResources("reunir.io/v1alpha1", "CollectionPolicy")
            .inAnyNamespace()
            .list()
            .getItems();
    assertThat(stored).hasSize(policies).isNotEmpty();
    assertThat(stored)
        .extracting(GenericKubernetesResource::getAdditionalProperties)
        .allSatisfy(p -> assertThat(p).containsKey("spec"));
  }
}
