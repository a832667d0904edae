package io.reunir.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.reunir.contract.config.AgentConfig;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.ProbeName;

/** The agent's config file; running agents re-read it, so changing it needs no pod restart. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_BY_SELECTOR))
public class AgentConfigMap extends CRUDKubernetesDependentResource<ConfigMap, CollectionPolicy> {
  public static final String KEY = "config.json";

  public AgentConfigMap() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(CollectionPolicy policy, Context<CollectionPolicy> context) {
    var auth = context.managedWorkflowAndDependentResourceContext()
        .get(ElasticsearchAuthKind.class, ElasticsearchAuthKind.class)
        .orElse(ElasticsearchAuthKind.NONE);
    return build(policy, auth);
  }

  public static ConfigMap build(CollectionPolicy policy, ElasticsearchAuthKind auth) {
    return new ConfigMapBuilder()
        .withNewMetadata()
          .withName(AgentLabels.configMapName(policy))
          .withNamespace(policy.getMetadata().getNamespace())
          .withLabels(AgentLabels.of(policy))
        .endMetadata()
        .addToData(KEY, agentConfig(policy, auth).toJson())
        .build();
  }

  /** The policy as the agent sees it: file paths where the pod template mounts the Secrets. */
  public static AgentConfig agentConfig(CollectionPolicy policy, ElasticsearchAuthKind auth) {
    var spec = policy.getSpec();
    var es = spec.elasticsearch();
    var schedule = spec.scheduleOrDefault();
    String authDir = AgentPodTemplate.ES_AUTH_DIR + "/";
    var elasticsearch = new ElasticsearchConfig(es.urls(), es.indexPrefixOrDefault(),
        auth == ElasticsearchAuthKind.API_KEY ? authDir + "apiKey" : null,
        auth == ElasticsearchAuthKind.BASIC ? authDir + "username" : null,
        auth == ElasticsearchAuthKind.BASIC ? authDir + "password" : null,
        es.tls() == null ? null : AgentPodTemplate.ES_CA_DIR + "/ca.crt");
    return new AgentConfig(spec.clusterName(), policy.getMetadata().getName(),
        HostMounts.HOST_ROOT, schedule.intervalOrDefault(), schedule.jitterOrDefault(),
        spec.probesOrDefault().stream().map(ProbeName::wireName).toList(),
        spec.filesOrEmpty(), collectNowToken(policy), elasticsearch);
  }

  static String collectNowToken(CollectionPolicy policy) {
    var annotations = policy.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(CollectionPolicy.COLLECT_NOW_ANNOTATION);
  }
}
