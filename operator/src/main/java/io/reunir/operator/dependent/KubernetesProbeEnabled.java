package io.reunir.operator.dependent;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.reunir.operator.api.CollectionPolicy;

/** The node-reader binding exists only while the policy runs a probe that reads the Kubernetes API. */
public class KubernetesProbeEnabled implements Condition<ClusterRoleBinding, CollectionPolicy> {
  @Override
  public boolean isMet(DependentResource<ClusterRoleBinding, CollectionPolicy> dependentResource,
      CollectionPolicy policy, Context<CollectionPolicy> context) {
    return AgentPodTemplate.readsKubernetesApi(policy.getSpec().probesOrDefault());
  }
}
