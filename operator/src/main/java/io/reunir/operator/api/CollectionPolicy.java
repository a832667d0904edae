package io.reunir.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** What to collect from which nodes, and where to send it. One agent DaemonSet per policy. */
@Group("reunir.io")
@Version("v1alpha1")
@ShortNames("cpol")
@AdditionalPrinterColumn(name = "Interval", jsonPath = ".spec.schedule.interval")
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".status.nodes.desired",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.nodes.ready",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reporting", jsonPath = ".status.nodes.reporting",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class CollectionPolicy extends CustomResource<CollectionPolicySpec, CollectionPolicyStatus>
    implements Namespaced {
  /** Annotation whose new value asks every agent of the policy to collect at once. */
  public static final String COLLECT_NOW_ANNOTATION = "reunir.io/collect-now";
}
