package io.reunir.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.NodeSelection;
import io.reunir.operator.api.ProbeName;
import io.reunir.operator.status.PolicyConditions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two policies selecting the same nodes, on the Fabric8 mock server (CRUD mode): the older keeps
 * them, the newer says so and its DaemonSet keeps off them, and both follow node and policy changes.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyOverlapIT {
  static final String NS = "reunir";
  KubernetesClient client;
  Operator operator;

  @BeforeEach
  void start() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("es-credentials").endMetadata().addToStringData("apiKey", "k").build()).create();
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("es-ca").endMetadata().addToStringData("ca.crt", "pem").build()).create();
    node("gpu-1", "gpu");
    node("gpu-2", "gpu");
    node("web-1", "web");
    operator = TestPolicies.startOperator(client);
  }

  @AfterEach
  void stop() {
    operator.stop();
  }

  @Test
  void theNewerOfTwoOverlappingPoliciesKeepsOffTheSharedNodesAndSaysWhy() {
    // Names sort like ages, so the outcome is the same even if both get the same creation second.
    create("a-gpu", pool("gpu"));
    awaitDaemonSet("a-gpu-agent");
    create("b-everything", null);

    var ready = await().atMost(Duration.ofSeconds(30)).until(() -> condition("b-everything"),
        c -> c != null && "OverlappingPolicies".equals(c.getReason()));
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).startsWith("2 nodes (e.g. gpu-1) also selected by the older policy"
        + " reunir/a-gpu");
    assertThat(keptOff("b-everything-agent")).containsExactly("gpu-1", "gpu-2");
    assertThat(keptOff("a-gpu-agent")).isEmpty();
    assertThat(condition("a-gpu").getReason()).isNotEqualTo("OverlappingPolicies");
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("OverlappingPolicies");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("b-everything");
      assertThat(e.getMessage()).contains("reunir/a-gpu");
    });

    // A node relabelled into the older policy's pool is taken off the newer one's agents.
    client.nodes().withName("web-1").edit(n -> {
      n.getMetadata().getLabels().put("pool", "gpu");
      return n;
    });
    await().atMost(Duration.ofSeconds(30))
        .until(() -> keptOff("b-everything-agent").equals(List.of("gpu-1", "gpu-2", "web-1")));

    // The older policy narrowing its selector releases the nodes it no longer selects.
    editSelector("a-gpu", new LabelSelectorBuilder().addNewMatchExpression().withKey("pool")
        .withOperator("In").withValues("none").endMatchExpression().build());
    await().atMost(Duration.ofSeconds(30)).until(() -> keptOff("b-everything-agent").isEmpty());
    await().atMost(Duration.ofSeconds(30)).until(() -> condition("b-everything"),
        c -> !"OverlappingPolicies".equals(c.getReason()));
  }

  @Test
  void deletingTheOlderPolicyHandsItsNodesToTheNewerOne() {
    create("a-gpu", pool("gpu"));
    awaitDaemonSet("a-gpu-agent");
    create("b-everything", null);
    await().atMost(Duration.ofSeconds(30)).until(() -> keptOff("b-everything-agent").size() == 2);

    client.resources(CollectionPolicy.class).inNamespace(NS).withName("a-gpu").delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> keptOff("b-everything-agent").isEmpty());
    await().atMost(Duration.ofSeconds(30)).until(() -> condition("b-everything"),
        c -> !"OverlappingPolicies".equals(c.getReason()));
  }

  @Test
  void policiesWithDisjointSelectorsBothRunEverywhereTheySelect() {
    create("a-gpu", pool("gpu"));
    create("b-web", pool("web"));
    awaitDaemonSet("a-gpu-agent");
    awaitDaemonSet("b-web-agent");
    awaitObserved("a-gpu");
    awaitObserved("b-web");

    assertThat(keptOff("a-gpu-agent")).isEmpty();
    assertThat(keptOff("b-web-agent")).isEmpty();
    assertThat(List.of(condition("a-gpu"), condition("b-web")))
        .allSatisfy(c -> assertThat(c.getReason()).isEqualTo("NoNodes"));
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .noneSatisfy(e -> assertThat(e.getReason()).isEqualTo("OverlappingPolicies"));
  }

  // --- helpers

  private void node(String name, String pool) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(new java.util.HashMap<>(Map.of("pool", pool))).endMetadata().build()).create();
  }

  private static LabelSelector pool(String pool) {
    return new LabelSelectorBuilder().addToMatchLabels("pool", pool).build();
  }

  private void create(String name, LabelSelector selector) {
    var base = TestPolicies.spec(List.of(ProbeName.OS));
    var policy = TestPolicies.policy(NS, name, new CollectionPolicySpec(base.schedule(),
        new NodeSelection(selector, null), base.probes(), null, base.clusterName(),
        base.elasticsearch(), null));
    policy.getMetadata().setUid(null);
    policy.getMetadata().setGeneration(null);
    client.resources(CollectionPolicy.class).inNamespace(NS).resource(policy).create();
  }

  private void editSelector(String name, LabelSelector selector) {
    TestPolicies.edit(client, NS, name, s -> new CollectionPolicySpec(s.schedule(),
        new NodeSelection(selector, null), s.probes(), s.files(), s.clusterName(), s.elasticsearch(),
        s.agent()));
  }

  private DaemonSet awaitDaemonSet(String name) {
    return TestPolicies.awaitDaemonSet(client, NS, name);
  }

  private void awaitObserved(String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> condition(name), c -> c != null);
  }

  /** The node names the DaemonSet's pod template excludes; empty when it excludes none. */
  private List<String> keptOff(String daemonSet) {
    var ds = client.apps().daemonSets().inNamespace(NS).withName(daemonSet).get();
    var affinity = ds == null ? null : ds.getSpec().getTemplate().getSpec().getAffinity();
    if (affinity == null) {
      return List.of();
    }
    return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().stream().flatMap(t -> t.getMatchFields().stream())
        .filter(f -> f.getKey().equals("metadata.name") && f.getOperator().equals("NotIn"))
        .map(NodeSelectorRequirement::getValues).flatMap(List::stream).sorted().toList();
  }

  private Condition condition(String name) {
    var policy = client.resources(CollectionPolicy.class).inNamespace(NS).withName(name).get();
    return policy == null || policy.getStatus() == null ? null
        : PolicyConditions.find(policy.getStatus().conditions(), PolicyConditions.READY).orElse(null);
  }
}
