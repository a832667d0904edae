package io.reunir.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Where distribution advisories (OSV exports) come from, which ecosystems, how often: the operator
 * imports them into {@code <prefix>-advisories} and keeps {@code <prefix>-findings} current.
 */
@Group("reunir.io")
@Version("v1alpha1")
@ShortNames("advsrc")
@AdditionalPrinterColumn(name = "Last Import", jsonPath = ".status.lastImport",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Advisories", jsonPath = ".status.advisories",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ecosystems", jsonPath = ".status.ecosystems")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AdvisorySource extends CustomResource<AdvisorySourceSpec, AdvisorySourceStatus>
    implements Namespaced {}
