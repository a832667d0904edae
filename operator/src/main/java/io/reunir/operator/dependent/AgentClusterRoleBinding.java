package io.reunir.operator.dependent;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.reunir.operator.OperatorSettings;
import io.reunir.operator.api.CollectionPolicy;

/**
 * Lets the agent's kubernetes probe read Nodes. Cluster-scoped, so a namespaced policy cannot own
 * it: no owner reference (JOSDK tracks it by its primary-name/namespace annotations instead), and
 * the operator deletes it itself when the policy goes (a finalizer) or stops using that probe.
 */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_BY_SELECTOR))
public class AgentClusterRoleBinding
    extends KubernetesDependentResource<ClusterRoleBinding, CollectionPolicy>
    implements Creator<ClusterRoleBinding, CollectionPolicy>,
        Updater<ClusterRoleBinding, CollectionPolicy>, Deleter<CollectionPolicy> {

  public AgentClusterRoleBinding() {
    super(ClusterRoleBinding.class);
  }

  @Override
  protected ClusterRoleBinding desired(CollectionPolicy policy, Context<CollectionPolicy> context) {
    var settings = context.managedWorkflowAndDependentResourceContext()
        .getMandatory(OperatorSettings.class, OperatorSettings.class);
    return build(policy, settings.agentClusterRole());
  }

  public static ClusterRoleBinding build(CollectionPolicy policy, String clusterRole) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
          .withName(AgentLabels.clusterRoleBindingName(policy))
          .withLabels(AgentLabels.of(policy))
        .endMetadata()
        .withNewRoleRef()
          .withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(clusterRole)
        .endRoleRef()
        .addNewSubject()
          .withKind("ServiceAccount")
          .withName(AgentLabels.agentName(policy))
          .withNamespace(policy.getMetadata().getNamespace())
        .endSubject()
        .build();
  }
}
