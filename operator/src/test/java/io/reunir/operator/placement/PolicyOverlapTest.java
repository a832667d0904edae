package io.reunir.operator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.reunir.operator.TestPolicies;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.NodeSelection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which policy keeps a node several policies select: the oldest, the same answer for everyone. */
class PolicyOverlapTest {
  static final Node GPU_1 = node("gpu-1", Map.of("pool", "gpu", "zone", "a"));
  static final Node GPU_2 = node("gpu-2", Map.of("pool", "gpu", "zone", "b"));
  static final Node WEB_1 = node("web-1", Map.of("pool", "web", "zone", "a"));
  static final List<Node> NODES = List.of(GPU_1, GPU_2, WEB_1);

  static Node node(String name, Map<String, String> labels) {
    return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
  }

  static CollectionPolicy policy(String namespace, String name, String created, LabelSelector selector) {
    var base = TestPolicies.spec(null);
    var policy = TestPolicies.policy(namespace, name, new CollectionPolicySpec(base.schedule(),
        new NodeSelection(selector, null), base.probes(), base.files(), base.clusterName(),
        base.elasticsearch(), base.agent()));
    policy.getMetadata().setCreationTimestamp(created);
    return policy;
  }

  static LabelSelector pool(String pool) {
    return new LabelSelectorBuilder().addToMatchLabels("pool", pool).build();
  }

  @Test
  void theNewerPolicyKeepsOffTheNodesTheOlderOneSelectsAndTheOlderKeepsAll() {
    var older = policy("ops", "gpu", "2026-01-01T00:00:00Z", pool("gpu"));
    var newer = policy("ops", "everything", "2026-02-01T00:00:00Z", null);
    var all = List.of(older, newer);

    var refused = PolicyOverlap.of(newer, all, NODES);
    assertThat(refused.keptBy()).containsExactly(Map.entry("gpu-1", "ops/gpu"), Map.entry("gpu-2", "ops/gpu"));
    assertThat(refused.nodes()).containsExactly("gpu-1", "gpu-2");
    assertThat(refused.message()).startsWith("2 nodes (e.g. gpu-1) also selected by the older policy ops/gpu,");
    assertThat(PolicyOverlap.of(older, all, NODES).isEmpty()).isTrue();
  }

  @Test
  void ageDecidesNotNameAndNamespaceThenNameBreakTies() {
    var olderZ = policy("ops", "z", "2026-01-01T00:00:00Z", null);
    var newerA = policy("ops", "a", "2026-01-01T00:00:01Z", null);
    assertThat(PolicyOverlap.of(newerA, List.of(olderZ, newerA), NODES).nodes()).hasSize(3);
    assertThat(PolicyOverlap.of(olderZ, List.of(olderZ, newerA), NODES).isEmpty()).isTrue();

    var sameTimeB = policy("x-ns", "a", "2026-01-01T00:00:00Z", null);
    assertThat(PolicyOverlap.of(sameTimeB, List.of(olderZ, sameTimeB), NODES).keptBy())
        .containsValue("ops/z").hasSize(3);
    assertThat(PolicyOverlap.of(olderZ, List.of(olderZ, sameTimeB), NODES).isEmpty()).isTrue();
  }

  @Test
  void nonOverlappingSelectorsShareNothing() {
    var gpu = policy("ops", "gpu", "2026-01-01T00:00:00Z", pool("gpu"));
    var web = policy("ops", "web", "2026-02-01T00:00:00Z", pool("web"));
    var notGpu = policy("ops", "not-gpu", "2026-03-01T00:00:00Z", new LabelSelectorBuilder()
        .addNewMatchExpression().withKey("pool").withOperator("NotIn").withValues("gpu", "web")
        .endMatchExpression().build());
    var all = List.of(gpu, web, notGpu);
    assertThat(all).allSatisfy(p -> assertThat(PolicyOverlap.of(p, all, NODES).isEmpty()).isTrue());
  }

  @Test
  void eachContestedNodeNamesItsOwnOldestPolicy() {
    var zoneA = policy("ops", "zone-a", "2026-01-01T00:00:00Z", new LabelSelectorBuilder()
        .addNewMatchExpression().withKey("zone").withOperator("In").withValues("a").endMatchExpression()
        .build());
    var gpu = policy("ml", "gpu", "2026-02-01T00:00:00Z", pool("gpu"));
    var all = policy("ops", "all", "2026-03-01T00:00:00Z", new LabelSelectorBuilder()
        .addNewMatchExpression().withKey("zone").withOperator("Exists").endMatchExpression().build());
    var policies = List.of(all, gpu, zoneA);

    var overlap = PolicyOverlap.of(all, policies, NODES);
    assertThat(overlap.keptBy()).containsExactly(Map.entry("gpu-1", "ops/zone-a"),
        Map.entry("gpu-2", "ml/gpu"), Map.entry("web-1", "ops/zone-a"));
    assertThat(overlap.message()).contains("the older policies ml/gpu (1), ops/zone-a (2)");
    // gpu-1 is zone-a's: the gpu policy keeps off it, and gets gpu-2.
    assertThat(PolicyOverlap.of(gpu, policies, NODES).keptBy())
        .containsExactly(Map.entry("gpu-1", "ops/zone-a"));
  }

  @Test
  void aPolicyBeingDeletedKeepsNothing() {
    var leaving = policy("ops", "old", "2026-01-01T00:00:00Z", null);
    leaving.getMetadata().setDeletionTimestamp("2026-03-01T00:00:00Z");
    var staying = policy("ops", "new", "2026-02-01T00:00:00Z", null);
    assertThat(PolicyOverlap.of(staying, List.of(leaving, staying), NODES).isEmpty()).isTrue();
  }

  @Test
  void selectorSemanticsFollowNodeAffinity() {
    var labels = Map.of("pool", "gpu");
    assertThat(NodeSelectorMatch.selects(null, labels)).isTrue();
    assertThat(NodeSelectorMatch.selects(new LabelSelector(), labels)).isTrue();
    assertThat(NodeSelectorMatch.selects(expression("zone", "NotIn", "a"), labels)).isTrue();
    assertThat(NodeSelectorMatch.selects(expression("zone", "In", "a"), labels)).isFalse();
    assertThat(NodeSelectorMatch.selects(expression("zone", "DoesNotExist"), labels)).isTrue();
    assertThat(NodeSelectorMatch.selects(expression("pool", "Exists"), labels)).isTrue();
    assertThat(NodeSelectorMatch.selects(expression("pool", "Within", "gpu"), labels)).isFalse();
    assertThat(NodeSelectorMatch.selects(pool("gpu"), null)).isFalse();
  }

  private static LabelSelector expression(String key, String operator, String... values) {
    return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator)
        .withValues(values).endMatchExpression().build();
  }
}
