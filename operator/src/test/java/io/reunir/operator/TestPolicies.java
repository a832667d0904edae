package io.reunir.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.ElasticsearchTarget;
import io.reunir.operator.api.ProbeName;
import io.reunir.operator.api.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Valid policies for tests, built the way a person's YAML would read. */
public final class TestPolicies {
  private TestPolicies() {}

  /** The operator as a single replica runs it (no leader election), started against the mock server. */
  public static Operator startOperator(KubernetesClient client) {
    var settings = new OperatorSettings(Set.of(), "reunir/reunir-agent:test", "reunir-agent-node-reader",
        false, null, 0);
    Operator operator = ReunirOperator.create(client, settings, Clock.systemUTC());
    operator.start();
    return operator;
  }

  public static CollectionPolicySpec spec(List<ProbeName> probes) {
    return new CollectionPolicySpec(new Schedule("1h", "10m"), null, probes, null, "prod-eu-1",
        new ElasticsearchTarget(List.of("https://es.example:9200"), "reunir",
            new ElasticsearchTarget.SecretRef("es-credentials"),
            new ElasticsearchTarget.TlsSettings("es-ca")),
        null);
  }

  public static CollectionPolicy policy(String namespace, String name, CollectionPolicySpec spec) {
    var policy = new CollectionPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
        .withUid("uid-" + name).withGeneration(1L).build());
    policy.setSpec(spec);
    return policy;
  }

  /**
   * Changes a policy's spec like kubectl edit: read, change, write; the operator's status writes may
   * race, so a 409 is retried.
   */
  public static void edit(KubernetesClient client, String namespace, String name,
      UnaryOperator<CollectionPolicySpec> change) {
    await().ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
      client.resources(CollectionPolicy.class).inNamespace(namespace).withName(name).edit(p -> {
        p.setSpec(change.apply(p.getSpec()));
        return p;
      });
      return true;
    });
  }

  /** The DaemonSet once the operator has made it. */
  public static DaemonSet awaitDaemonSet(KubernetesClient client, String namespace, String name) {
    return await().atMost(Duration.ofSeconds(30)).until(
        () -> client.apps().daemonSets().inNamespace(namespace).withName(name).get(), d -> d != null);
  }
}
