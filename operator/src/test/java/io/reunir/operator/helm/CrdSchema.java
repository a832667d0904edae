package io.reunir.operator.helm;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The committed CollectionPolicy CRD, parsed into Fabric8's typed CustomResourceDefinition. */
final class CrdSchema {
  private CrdSchema() {}

  static CustomResourceDefinition load() {
    return Serialization.unmarshal(
        ChartFiles.read(ChartFiles.crd()), CustomResourceDefinition.class);
  }
}
