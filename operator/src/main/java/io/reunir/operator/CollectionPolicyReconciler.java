package io.reunir.operator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicyStatus;
import io.reunir.operator.dependent.AgentClusterRoleBinding;
import io.reunir.operator.dependent.AgentConfigMap;
import io.reunir.operator.dependent.AgentDaemonSet;
import io.reunir.operator.dependent.AgentServiceAccount;
import io.reunir.operator.dependent.ElasticsearchAuthKind;
import io.reunir.operator.dependent.KubernetesProbeEnabled;
import io.reunir.operator.elasticsearch.ElasticsearchObserver;
import io.reunir.operator.placement.PolicyOverlap;
import io.reunir.operator.status.PolicyConditions;
import io.reunir.operator.status.PolicyStatusAggregator;
import io.reunir.operator.validation.CollectionPolicyValidator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a policy, then (only when valid) lets the workflow reconcile its dependents, and
 * reports. The workflow runs explicitly so that an invalid policy leaves an existing DaemonSet
 * exactly as it was.
 */
// Not generation-aware: the collect-now annotation changes no generation but must reach the agents.
@ControllerConfiguration(name = CollectionPolicyReconciler.NAME, generationAwareEventProcessing = false)
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(type = AgentServiceAccount.class),
    @Dependent(type = AgentConfigMap.class),
    @Dependent(type = AgentClusterRoleBinding.class, reconcilePrecondition = KubernetesProbeEnabled.class),
    @Dependent(type = AgentDaemonSet.class)})
public class CollectionPolicyReconciler
    implements Reconciler<CollectionPolicy>, Cleaner<CollectionPolicy> {
  public static final String NAME = "collectionpolicy";
  private static final String NODES = "nodes";
  private static final String POLICIES = "policies";
  private static final Logger LOG = LoggerFactory.getLogger(CollectionPolicyReconciler.class);
  /** Secrets are read (get only, no watch): look again for one that may appear later. */
  private static final Duration RECHECK = Duration.ofMinutes(1);

  private final OperatorSettings settings;
  private final PolicyStatusAggregator statusAggregator;
  private final PolicyEvents events;
  private final ElasticsearchObserver elasticsearch;

  public CollectionPolicyReconciler(OperatorSettings settings, PolicyStatusAggregator statusAggregator,
      PolicyEvents events, ElasticsearchObserver elasticsearch) {
    this.settings = settings;
    this.statusAggregator = statusAggregator;
    this.events = events;
    this.elasticsearch = elasticsearch;
  }

  /**
   * Nodes: a Node that joins or leaves, or whose labels change, makes every policy look again (a
   * departed node's inventory is removed from Elasticsearch; labels decide which policy keeps a node
   * that several select). Other Node updates are ignored: kubelets renew their status constantly.
   * Policies: a policy created, deleted or given a new spec makes every policy look again, since
   * it may now take or release nodes another one selects. Status writes are ignored.
   */
  @Override
  public List<EventSource<?, CollectionPolicy>> prepareEventSources(
      EventSourceContext<CollectionPolicy> context) {
    var nodes = InformerEventSourceConfiguration.from(Node.class, CollectionPolicy.class)
        .withName(NODES)
        .withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper(node -> allPolicies(context))
        .withOnUpdateFilter((newNode, oldNode) ->
            !Objects.equals(newNode.getMetadata().getLabels(), oldNode.getMetadata().getLabels()))
        .build();
    var policies = InformerEventSourceConfiguration.from(CollectionPolicy.class, CollectionPolicy.class)
        .withName(POLICIES)
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(policy -> allPolicies(context))
        .withOnUpdateFilter((newPolicy, oldPolicy) ->
            !Objects.equals(newPolicy.getMetadata().getGeneration(), oldPolicy.getMetadata().getGeneration())
                || !Objects.equals(newPolicy.getMetadata().getDeletionTimestamp(),
                    oldPolicy.getMetadata().getDeletionTimestamp()))
        .build();
    return List.of(new InformerEventSource<>(nodes, context),
        new InformerEventSource<>(policies, context));
  }

  private static Set<ResourceID> allPolicies(EventSourceContext<CollectionPolicy> context) {
    return context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<CollectionPolicy> reconcile(CollectionPolicy policy,
      Context<CollectionPolicy> context) {
    Map<String, Set<String>> secretKeys = secretKeys(context.getClient(), policy);
    var problems = CollectionPolicyValidator.validate(policy, secretKeys);
    CollectionPolicyStatus status;
    if (!problems.isEmpty()) {
      status = statusAggregator.invalid(policy, String.join("; ", problems));
      if (!status.equals(policy.getStatus())) {
        LOG.warn("policy {}/{} is invalid, its agents are left as they were: {}",
            policy.getMetadata().getNamespace(), policy.getMetadata().getName(), problems);
        events.warnInvalidSpec(policy, String.join("; ", problems));
      }
    } else {
      var overlap = PolicyOverlap.of(policy, policies(context), nodes(context));
      var workflow = context.managedWorkflowAndDependentResourceContext();
      workflow.put(OperatorSettings.class, settings);
      workflow.put(ElasticsearchAuthKind.class, authKind(policy, secretKeys));
      workflow.put(PolicyOverlap.class, overlap);
      workflow.reconcileManagedWorkflow();
      var observation = elasticsearch.observe(policy, liveNodes(context));
      status = statusAggregator.valid(policy, context.getSecondaryResource(DaemonSet.class),
          observation, overlap);
      if (!overlap.isEmpty() && !sameReady(status, policy.getStatus())) {
        LOG.warn("policy {}/{} overlaps older policies: {}", policy.getMetadata().getNamespace(),
            policy.getMetadata().getName(), overlap.message());
        events.warn(policy, PolicyStatusAggregator.OVERLAPPING_POLICIES, overlap.message());
      }
    }
    if (status.equals(policy.getStatus())) {
      return UpdateControl.<CollectionPolicy>noUpdate().rescheduleAfter(RECHECK);
    }
    LOG.info("policy {}/{} status: {}", policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(), PolicyStatusAggregator.summary(status));
    policy.setStatus(status);
    return UpdateControl.patchStatus(policy).rescheduleAfter(RECHECK);
  }

  @Override
  public DeleteControl cleanup(CollectionPolicy policy, Context<CollectionPolicy> context) {
    context.managedWorkflowAndDependentResourceContext().put(OperatorSettings.class, settings);
    // Namespaced children go with their owner; this removes the cluster-scoped binding.
    context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
    LOG.info("policy {}/{} deleted: removed its agent ClusterRoleBinding",
        policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  private static Set<String> liveNodes(Context<CollectionPolicy> context) {
    return nodes(context).stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private static List<Node> nodes(Context<CollectionPolicy> context) {
    var source = (InformerEventSource<Node, CollectionPolicy>) context.eventSourceRetriever()
        .getEventSourceFor(Node.class, NODES);
    return source.list().toList();
  }

  /** From the policies informer, whose cache is current for the event that caused this reconcile. */
  @SuppressWarnings("unchecked")
  private static List<CollectionPolicy> policies(Context<CollectionPolicy> context) {
    var source = (InformerEventSource<CollectionPolicy, CollectionPolicy>) context
        .eventSourceRetriever().getEventSourceFor(CollectionPolicy.class, POLICIES);
    return source.list().toList();
  }

  /** A Warning event only when the Ready condition says something new, not on every reconcile. */
  private static boolean sameReady(CollectionPolicyStatus next, CollectionPolicyStatus previous) {
    if (previous == null) {
      return false;
    }
    var before = PolicyConditions.find(previous.conditions(), PolicyConditions.READY);
    var after = PolicyConditions.find(next.conditions(), PolicyConditions.READY);
    return before.isPresent() && after.isPresent()
        && Objects.equals(before.get().getReason(), after.get().getReason())
        && Objects.equals(before.get().getMessage(), after.get().getMessage());
  }

  /** The keys of the Secrets the policy names (only existing ones); values are never read here. */
  static Map<String, Set<String>> secretKeys(KubernetesClient client, CollectionPolicy policy) {
    var es = policy.getSpec() == null ? null : policy.getSpec().elasticsearch();
    var keys = new HashMap<String, Set<String>>();
    if (es == null) {
      return keys;
    }
    Stream.of(es.auth() == null ? null : es.auth().secretName(),
            es.tls() == null ? null : es.tls().caSecretName())
        .filter(name -> name != null && !keys.containsKey(name))
        .forEach(name -> {
          Secret secret = client.secrets().inNamespace(policy.getMetadata().getNamespace())
              .withName(name).get();
          if (secret != null) {
            var present = new java.util.HashSet<String>();
            if (secret.getData() != null) {
              present.addAll(secret.getData().keySet());
            }
            if (secret.getStringData() != null) {
              present.addAll(secret.getStringData().keySet());
            }
            keys.put(name, present);
          }
        });
    return keys;
  }

  private static ElasticsearchAuthKind authKind(CollectionPolicy policy,
      Map<String, Set<String>> secretKeys) {
    var auth = policy.getSpec().elasticsearch().auth();
    if (auth == null) {
      return ElasticsearchAuthKind.NONE;
    }
    return secretKeys.get(auth.secretName()).contains("apiKey")
        ? ElasticsearchAuthKind.API_KEY : ElasticsearchAuthKind.BASIC;
  }
}
