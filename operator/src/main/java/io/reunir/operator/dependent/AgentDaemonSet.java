package io.reunir.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.reunir.operator.OperatorSettings;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.placement.PolicyOverlap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
    var overlap = context.managedWorkflowAndDependentResourceContext()
        .get(PolicyOverlap.class, PolicyOverlap.class).orElse(PolicyOverlap.NONE);
    return build(policy, settings.agentImage(), overlap.nodes());
  }

  /**
   * The default matcher ignores what the live object has beyond the desired one (server defaults),
   * so a lifted node exclusion or selector, or a host mount that goes, alone would never reach the
   * cluster. Where the pods run and what they mount are compared whole; an update then writes the
   * whole desired object.
   */
  @Override
  public Result<DaemonSet> match(DaemonSet actual, DaemonSet desired, CollectionPolicy policy,
      Context<CollectionPolicy> context) {
    var result = super.match(actual, desired, policy, context);
    if (result.matched() && !(placement(actual).equals(placement(desired))
        && volumeNames(actual).equals(volumeNames(desired)))) {
      return Result.computed(false, desired);
    }
    return result;
  }

  /** As JSON, which leaves out empty lists: the API server returns {@code []} where we sent none. */
  private static String placement(DaemonSet ds) {
    return Serialization.asJson(ds.getSpec().getTemplate().getSpec().getAffinity());
  }

  private static Set<String> volumeNames(DaemonSet ds) {
    return ds.getSpec().getTemplate().getSpec().getVolumes().stream().map(Volume::getName)
        .collect(Collectors.toSet());
  }

  public static DaemonSet build(CollectionPolicy policy, String defaultImage) {
    return build(policy, defaultImage, List.of());
  }

  /** @param keepOff nodes an older policy keeps; see {@link AgentPodTemplate#affinity} */
  public static DaemonSet build(CollectionPolicy policy, String defaultImage, List<String> keepOff) {
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
          .withTemplate(AgentPodTemplate.build(policy, defaultImage, keepOff))
        .endSpec()
        .build();
  }
}
