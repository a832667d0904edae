package io.reunir.operator.dependent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.reunir.operator.api.CollectionPolicy;

/** The agent pods' identity; bound to the node-reader ClusterRole by {@link AgentClusterRoleBinding}. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_BY_SELECTOR))
public class AgentServiceAccount
    extends CRUDKubernetesDependentResource<ServiceAccount, CollectionPolicy> {

  public AgentServiceAccount() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(CollectionPolicy policy, Context<CollectionPolicy> context) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
          .withName(AgentLabels.agentName(policy))
          .withNamespace(policy.getMetadata().getNamespace())
          .withLabels(AgentLabels.of(policy))
        .endMetadata()
        .build();
  }
}
