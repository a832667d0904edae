package io.reunir.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.reunir.operator.OperatorSettings;
import io.reunir.operator.api.CollectionPolicy;

/**
 * The agent DaemonSet. Updated only when the desired object differs from the live one, so a policy
 * change that only touches the agent's config (the ConfigMap, re-read by running agents) leaves the
 * pods alone; a template change rolls at most 10% of the nodes at a time.
 */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_BY_SELECTOR))
public class AgentDaemonSet extends CRUDKubernetesDependentResource<DaemonSet, CollectionPolicy> {
  static final String MAX_UNAVAILABLE = "10%";

  public AgentDaemonSet() {
    super(DaemonSet.class);
  }

  @Override
  protected DaemonSet desired(CollectionPolicy policy, Context<CollectionPolicy> context) {
    var settings = context.managedWorkflowAndDependentResourceContext()
        .getMandatory(OperatorSettings.class, OperatorSettings.class);
    return build(policy, settings.agentImage());
  }

  public static DaemonSet build(CollectionPolicy policy, String defaultImage) {
    return new DaemonSetBuilder()
        .withNewMetadata()
          .withName(AgentLabels.agentName(policy))
          .withNamespace(policy.getMetadata().getNamespace())
          .withLabels(AgentLabels.of(policy))
        .endMetadata()
        .withNewSpec()
          .withNewSelector().withMatchLabels(AgentLabels.selector(policy)).endSelector()
          .withNewUpdateStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate().withMaxUnavailable(new IntOrString(MAX_UNAVAILABLE)).endRollingUpdate()
          .endUpdateStrategy()
          .withTemplate(AgentPodTemplate.build(policy, defaultImage))
        .endSpec()
        .build();
  }
}
