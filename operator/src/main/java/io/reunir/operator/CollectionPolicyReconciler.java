package io.reunir.operator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
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
import io.reunir.contract.es.EsEndpoint;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicyStatus;
import io.reunir.operator.dependent.AgentClusterRoleBinding;
import io.reunir.operator.dependent.AgentConfigMap;
import io.reunir.operator.dependent.AgentDaemonSet;
import io.reunir.operator.dependent.AgentServiceAccount;
import io.reunir.operator.dependent.ElasticsearchAuthKind;
import io.reunir.operator.dependent.KubernetesProbeEnabled;
import io.reunir.operator.elasticsearch.DepartedNodeRemover;
import io.reunir.operator.elasticsearch.UnusedImageRemover;
import io.reunir.operator.elasticsearch.ElasticsearchObserver;
import io.reunir.operator.elasticsearch.ElasticsearchObserver.Observation;
import io.reunir.operator.elasticsearch.EsConnections;
import io.reunir.operator.elasticsearch.InventoryStore;
import io.reunir.operator.elasticsearch.PolicySecrets;
import io.reunir.operator.elasticsearch.TemplateInstaller;
import io.reunir.operator.placement.PolicyOverlap;
import io.reunir.operator.status.PolicyConditions;
import io.reunir.operator.status.PolicyStatusAggregator;
import io.reunir.operator.validation.CollectionPolicyValidator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
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
  private static final String SECRETS = "secrets";
  private static final Logger LOG = LoggerFactory.getLogger(CollectionPolicyReconciler.class);
  /** Agents report to Elasticsearch, which sends no event: look again for the counts. */
  private static final Duration RECHECK = Duration.ofMinutes(1);

  private final OperatorSettings settings;
  private final PolicyStatusAggregator statusAggregator;
  private final PolicyEvents events;
  private final EsConnections connections = new EsConnections();
  private final ElasticsearchObserver observer;
  private final TemplateInstaller templates = new TemplateInstaller();
  private final DepartedNodeRemover departedNodes;
  private final UnusedImageRemover unusedImages;

  public CollectionPolicyReconciler(OperatorSettings settings, PolicyStatusAggregator statusAggregator,
      PolicyEvents events, Clock clock) {
    this.settings = settings;
    this.statusAggregator = statusAggregator;
    this.events = events;
    this.observer = new ElasticsearchObserver(clock);
    this.departedNodes = new DepartedNodeRemover(clock);
    this.unusedImages = new UnusedImageRemover(clock);
  }

  /**
   * Nodes: a Node that joins or leaves, or whose labels change, makes every policy look again (a
   * departed node's inventory is removed from Elasticsearch; labels decide which policy keeps a node
   * that several select). Other Node updates are ignored: kubelets renew their status constantly.
   * Policies: a policy created, deleted or given a new spec makes every policy look again, since
   * it may now take or release nodes another one selects. Status writes are ignored.
   * Secrets: a Secret a policy's {@code spec.elasticsearch} names makes that policy look again, and
   * the reconcile reads it from this cache. The API cannot select Secrets by several names, so the
   * cache holds the watched namespaces' Secrets except the two kinds no policy names and that are
   * numerous or large: service-account tokens and Helm release records.
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
    var secrets = InformerEventSourceConfiguration.from(Secret.class, CollectionPolicy.class)
        .withName(SECRETS)
        .withNamespacesInheritedFromController()
        .withFieldSelector(new FieldSelector(
            new FieldSelector.Field("type", "kubernetes.io/service-account-token", true),
            new FieldSelector.Field("type", "helm.sh/release.v1", true)))
        .withSecondaryToPrimaryMapper(secret -> policiesNaming(context, secret))
        .build();
    return List.of(new InformerEventSource<>(nodes, context),
        new InformerEventSource<>(policies, context), new InformerEventSource<>(secrets, context));
  }

  private static Set<ResourceID> policiesNaming(EventSourceContext<CollectionPolicy> context,
      Secret secret) {
    String name = secret.getMetadata().getName();
    return context.getPrimaryCache().list(secret.getMetadata().getNamespace())
        .filter(policy -> PolicySecrets.names(policy).contains(name))
        .map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  private static Set<ResourceID> allPolicies(EventSourceContext<CollectionPolicy> context) {
    return context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<CollectionPolicy> reconcile(CollectionPolicy policy,
      Context<CollectionPolicy> context) {
    var secrets = secrets(context, policy);
    var problems = CollectionPolicyValidator.validate(policy, secrets.keys());
    CollectionPolicyStatus status;
    if (!problems.isEmpty()) {
      connections.close(ResourceID.fromResource(policy));
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
      workflow.put(ElasticsearchAuthKind.class, authKind(policy, secrets));
      workflow.put(PolicyOverlap.class, overlap);
      workflow.reconcileManagedWorkflow();
      var observation = observeThenAct(policy, secrets, liveNodes(context));
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

  /**
   * Reads Elasticsearch for the status, then acts on what was read: the templates (once per cluster
   * and prefix), the removal of departed nodes, then of images no container runs. Any failure becomes the observation, and what was
   * not done is done by a later reconcile, which observes again.
   */
  private Observation observeThenAct(CollectionPolicy policy, PolicySecrets secrets,
      Set<String> liveNodes) {
    var es = policy.getSpec().elasticsearch();
    try {
      var store = store(policy, secrets);
      var observation = observer.observe(store, policy, liveNodes);
      templates.ensureOnce(store, es.urls() + " " + es.indexPrefixOrDefault());
      departedNodes.remove(store, policy, observation.departed());
      unusedImages.remove(store);
      return observation;
    } catch (InventoryStore.StoreException e) {
      if (Thread.currentThread().isInterrupted()) {
        // The operator is stopping: report nothing rather than a false "unreachable".
        throw new CancellationException("operator stopping");
      }
      return Observation.failed(e);
    } catch (RuntimeException e) {
      // An answer the client could not map, say: reported like a refusal, retried on the next reconcile.
      return new Observation(false, "RequestFailed", String.valueOf(e.getMessage()), null, null);
    }
  }

  private InventoryStore store(CollectionPolicy policy, PolicySecrets secrets)
      throws InventoryStore.StoreException {
    EsEndpoint endpoint;
    try {
      endpoint = secrets.endpoint(policy);
    } catch (IOException e) {
      throw new InventoryStore.StoreException("cannot use the policy's credentials: " + e.getMessage(), true);
    }
    return connections.store(ResourceID.fromResource(policy), endpoint,
        policy.getSpec().elasticsearch().indexPrefixOrDefault());
  }

  /** Closes the Elasticsearch clients; the operator calls it when it stops. */
  public void closeConnections() {
    connections.closeAll();
  }

  @Override
  public DeleteControl cleanup(CollectionPolicy policy, Context<CollectionPolicy> context) {
    connections.close(ResourceID.fromResource(policy));
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

  /** The Secrets the policy names, from the Secrets informer's cache (no API request). */
  @SuppressWarnings("unchecked")
  private static PolicySecrets secrets(Context<CollectionPolicy> context, CollectionPolicy policy) {
    var source = (InformerEventSource<Secret, CollectionPolicy>) context.eventSourceRetriever()
        .getEventSourceFor(Secret.class, SECRETS);
    String namespace = policy.getMetadata().getNamespace();
    return PolicySecrets.of(policy, name -> source.get(new ResourceID(name, namespace)));
  }

  private static ElasticsearchAuthKind authKind(CollectionPolicy policy, PolicySecrets secrets) {
    var auth = policy.getSpec().elasticsearch().auth();
    if (auth == null) {
      return ElasticsearchAuthKind.NONE;
    }
    return secrets.keys().get(auth.secretName()).contains(PolicySecrets.API_KEY)
        ? ElasticsearchAuthKind.API_KEY : ElasticsearchAuthKind.BASIC;
  }
}
