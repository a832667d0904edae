package io.reunir.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.reunir.operator.TestPolicies;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.elasticsearch.ElasticsearchObserver;
import io.reunir.operator.placement.PolicyOverlap;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyStatusAggregatorTest {
  private static final Clock T0 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Clock T1 = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);

  private static Optional<DaemonSet> daemonSet(int desired, int ready) {
    return Optional.of(new DaemonSetBuilder().withNewStatus().withDesiredNumberScheduled(desired)
        .withNumberReady(ready).endStatus().build());
  }

  private static CollectionPolicy policy() {
    return TestPolicies.policy("ns", "p", TestPolicies.spec(null));
  }

  @Test
  void reconcilingAgainWithNothingChangedGivesAnEqualStatus() {
    var policy = policy();
    policy.setStatus(new PolicyStatusAggregator(T0).valid(policy, daemonSet(3, 3)));
    var again = new PolicyStatusAggregator(T1).valid(policy, daemonSet(3, 3));
    assertThat(again).isEqualTo(policy.getStatus());
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheConditionStatusChanges() {
    var policy = policy();
    policy.setStatus(new PolicyStatusAggregator(T0).valid(policy, daemonSet(3, 1)));
    var stillNotReady = new PolicyStatusAggregator(T1).valid(policy, daemonSet(3, 2));
    var c = PolicyConditions.find(stillNotReady.conditions(), PolicyConditions.READY).orElseThrow();
    assertThat(c.getMessage()).isEqualTo("agents ready on 2 of 3 nodes");
    assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");

    var ready = new PolicyStatusAggregator(T1).valid(policy, daemonSet(3, 3));
    var r = PolicyConditions.find(ready.conditions(), PolicyConditions.READY).orElseThrow();
    assertThat(r.getStatus()).isEqualTo("True");
    assertThat(r.getLastTransitionTime()).isEqualTo("2026-01-01T01:00:00Z");
    assertThat(ready.nodes().desired()).isEqualTo(3);
    assertThat(ready.nodes().ready()).isEqualTo(3);
  }

  @Test
  void aPolicyKeptOffNodesIsNotReadyEvenWithAllItsAgentsReadyButStillCountsThem() {
    var policy = policy();
    var overlap = new PolicyOverlap(new java.util.TreeMap<>(Map.of("n1", "ops/older")));
    var status = new PolicyStatusAggregator(T0).valid(policy, daemonSet(2, 2), null, overlap);
    var c = PolicyConditions.find(status.conditions(), PolicyConditions.READY).orElseThrow();
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("OverlappingPolicies");
    assertThat(c.getMessage()).isEqualTo(overlap.message()).contains("ops/older").contains("n1");
    assertThat(status.nodes().ready()).isEqualTo(2);

    policy.setStatus(status);
    var released = new PolicyStatusAggregator(T1).valid(policy, daemonSet(3, 3), null, PolicyOverlap.NONE);
    assertThat(PolicyConditions.find(released.conditions(), PolicyConditions.READY).orElseThrow()
        .getReason()).isEqualTo("AgentsReady");
  }

  @Test
  void invalidKeepsTheLastNodeCountsAndNamesTheProblem() {
    var policy = policy();
    policy.setStatus(new PolicyStatusAggregator(T0).valid(policy, daemonSet(4, 4)));
    var invalid = new PolicyStatusAggregator(T1).invalid(policy, "spec.files: x");
    var c = PolicyConditions.find(invalid.conditions(), PolicyConditions.READY).orElseThrow();
    assertThat(c.getReason()).isEqualTo("InvalidSpec");
    assertThat(c.getMessage()).isEqualTo("spec.files: x");
    assertThat(invalid.nodes().desired()).isEqualTo(4);
  }

  @Test
  void aNewCollectNowTokenStartsANewRequestTheSameTokenKeepsIt() {
    var policy = policy();
    policy.getMetadata().setAnnotations(Map.of(CollectionPolicy.COLLECT_NOW_ANNOTATION, "a"));
    policy.setStatus(new PolicyStatusAggregator(T0).valid(policy, daemonSet(1, 1)));
    assertThat(policy.getStatus().collectNow().requestedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(new PolicyStatusAggregator(T1).valid(policy, daemonSet(1, 1)).collectNow())
        .isEqualTo(policy.getStatus().collectNow());
    policy.getMetadata().setAnnotations(Map.of(CollectionPolicy.COLLECT_NOW_ANNOTATION, "b"));
    var next = new PolicyStatusAggregator(T1).valid(policy, daemonSet(1, 1)).collectNow();
    assertThat(next.token()).isEqualTo("b");
    assertThat(next.requestedAt()).isEqualTo("2026-01-01T01:00:00Z");
  }

  @Test
  void elasticsearchObservationSetsReportingAndAFailureKeepsTheLastCount() {
    var policy = policy();
    policy.setStatus(new PolicyStatusAggregator(T0).valid(policy, daemonSet(3, 3),
        new ElasticsearchObserver.Observation(true, "Reachable", "reachable at https://es:9200", 2, null)));
    assertThat(policy.getStatus().nodes().reporting()).isEqualTo(2);

    var down = new PolicyStatusAggregator(T1).valid(policy, daemonSet(3, 3),
        new ElasticsearchObserver.Observation(false, "Unreachable", "cannot reach https://es:9200/", null,
            null));
    assertThat(down.nodes().reporting()).isEqualTo(2);
    var c = PolicyConditions.find(down.conditions(), PolicyConditions.ELASTICSEARCH_REACHABLE).orElseThrow();
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("Unreachable");
    assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T01:00:00Z");
    // The agents' readiness does not depend on Elasticsearch.
    assertThat(PolicyConditions.find(down.conditions(), PolicyConditions.READY).orElseThrow().getStatus())
        .isEqualTo("True");
  }
}
