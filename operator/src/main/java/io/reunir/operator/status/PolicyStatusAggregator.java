package io.reunir.operator.status;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.elasticsearch.ElasticsearchObserver;
import io.reunir.operator.api.CollectionPolicyStatus;
import io.reunir.operator.api.CollectionPolicyStatus.CollectNowStatus;
import io.reunir.operator.api.CollectionPolicyStatus.NodeCounts;
import io.reunir.operator.placement.PolicyOverlap;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Builds a policy's whole status from what was observed; the reconciler only patches it. */
public final class PolicyStatusAggregator {
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String OVERLAPPING_POLICIES = "OverlappingPolicies";
  private final Clock clock;

  public PolicyStatusAggregator(Clock clock) {
    this.clock = clock;
  }

  /** Invalid: Ready=False naming the fields; node counts stay as last seen (agents untouched). */
  public CollectionPolicyStatus invalid(CollectionPolicy policy, String message) {
    var previous = Optional.ofNullable(policy.getStatus());
    var conditions = conditions(policy)
        .set(PolicyConditions.READY, false, INVALID_SPEC, message)
        .keep(PolicyConditions.ELASTICSEARCH_REACHABLE);
    return new CollectionPolicyStatus(policy.getMetadata().getGeneration(), conditions.build(),
        previous.map(CollectionPolicyStatus::nodes).orElse(null),
        previous.map(CollectionPolicyStatus::collectNow).orElse(null));
  }

  /** Valid and deployed, Elasticsearch not (yet) looked at. */
  public CollectionPolicyStatus valid(CollectionPolicy policy, Optional<DaemonSet> daemonSet) {
    return valid(policy, daemonSet, null);
  }

  /**
   * Valid and deployed: Ready and desired/ready from the DaemonSet; reachability, reporting and
   * fresh nodes from Elasticsearch. When Elasticsearch cannot be asked, the last counts stay.
   */
  public CollectionPolicyStatus valid(CollectionPolicy policy, Optional<DaemonSet> daemonSet,
      ElasticsearchObserver.Observation elasticsearch) {
    return valid(policy, daemonSet, elasticsearch, PolicyOverlap.NONE);
  }

  /**
   * As above; a policy that must keep off nodes an older policy selects is not Ready, whatever its
   * agents elsewhere do, until its selector no longer overlaps (node counts still describe them).
   */
  public CollectionPolicyStatus valid(CollectionPolicy policy, Optional<DaemonSet> daemonSet,
      ElasticsearchObserver.Observation elasticsearch, PolicyOverlap overlap) {
    var previous = Optional.ofNullable(policy.getStatus());
    var rollout = AgentRollout.of(daemonSet);
    var conditions = conditions(policy);
    rollout.describe(conditions);
    if (!overlap.isEmpty()) {
      conditions.set(PolicyConditions.READY, false, OVERLAPPING_POLICIES, overlap.message());
    }
    Integer reporting = previous.map(CollectionPolicyStatus::nodes).map(NodeCounts::reporting)
        .orElse(null);
    var collectNow = collectNow(policy);
    if (elasticsearch == null) {
      conditions.keep(PolicyConditions.ELASTICSEARCH_REACHABLE);
    } else if (elasticsearch.reachable()) {
      conditions.set(PolicyConditions.ELASTICSEARCH_REACHABLE, true, elasticsearch.reason(),
          elasticsearch.message());
      reporting = elasticsearch.reporting();
      if (collectNow != null && elasticsearch.nodesFresh() != null
          && collectNow.requestedAt().equals(requestedAt(policy))) {
        collectNow = new CollectNowStatus(collectNow.token(), collectNow.requestedAt(),
            elasticsearch.nodesFresh());
      }
    } else {
      conditions.set(PolicyConditions.ELASTICSEARCH_REACHABLE, false, elasticsearch.reason(),
          elasticsearch.message());
    }
    return new CollectionPolicyStatus(policy.getMetadata().getGeneration(), conditions.build(),
        new NodeCounts(rollout.desired(), rollout.ready(), reporting), collectNow);
  }

  /** The requestedAt the observation counted from: the one already in the status. */
  private static String requestedAt(CollectionPolicy policy) {
    return policy.getStatus() == null || policy.getStatus().collectNow() == null ? null
        : policy.getStatus().collectNow().requestedAt();
  }

  /**
   * The incident refresh asked for by the collect-now annotation: a new token starts a new request
   * (requestedAt = now); the same token keeps the request and what was counted for it.
   */
  private CollectNowStatus collectNow(CollectionPolicy policy) {
    var annotations = policy.getMetadata().getAnnotations();
    String token = annotations == null ? null : annotations.get(CollectionPolicy.COLLECT_NOW_ANNOTATION);
    if (token == null) {
      return null;
    }
    var previous = Optional.ofNullable(policy.getStatus()).map(CollectionPolicyStatus::collectNow);
    if (previous.isPresent() && token.equals(previous.get().token())) {
      return previous.get();
    }
    return new CollectNowStatus(token,
        Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), null);
  }

  private PolicyConditions conditions(CollectionPolicy policy) {
    var previous = policy.getStatus() == null ? null : policy.getStatus().conditions();
    Long generation = policy.getMetadata().getGeneration();
    return new PolicyConditions(previous, generation == null ? 0 : generation, clock);
  }

  /** One line for the log: what the status now says. */
  public static String summary(CollectionPolicyStatus status) {
    return status.conditions().stream()
        .map(c -> c.getType() + "=" + c.getStatus() + " (" + c.getReason() + ": " + c.getMessage() + ")")
        .collect(java.util.stream.Collectors.joining(", "))
        + (status.nodes() == null ? "" : ", nodes desired=" + status.nodes().desired()
            + " ready=" + status.nodes().ready() + " reporting=" + status.nodes().reporting());
  }
}
