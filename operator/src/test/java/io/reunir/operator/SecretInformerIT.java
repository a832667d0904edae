package io.reunir.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.reunir.contract.config.AgentConfig;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.ElasticsearchTarget;
import io.reunir.operator.status.PolicyConditions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Secrets a policy names come from an informer: creating or changing one reconciles the policies
 * that name it at once. The waits stay under the one-minute recheck, so a pass is the event's doing.
 */
@EnableKubernetesMockClient(crud = true)
class SecretInformerIT {
  private static final String NS = "reunir";
  private static final Duration UNDER_RECHECK = Duration.ofSeconds(30);
  KubernetesClient client;
  Operator operator;

  @BeforeEach
  void start() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("es-ca").endMetadata().addToStringData("ca.crt", "pem").build()).create();
    operator = TestPolicies.startOperator(client);
  }

  @AfterEach
  void stop() {
    operator.stop();
  }

  @Test
  void aSecretCreatedAfterThePolicyDeploysItWithoutWaitingForTheRecheck() throws Exception {
    create("p", "es-credentials");
    var invalid = await().atMost(UNDER_RECHECK).until(() -> ready("p"),
        c -> c != null && c.getReason().equals("InvalidSpec"));
    assertThat(invalid.getMessage()).contains("Secret 'es-credentials' does not exist");

    secret("es-credentials", Map.of("apiKey", "k"));

    TestPolicies.awaitDaemonSet(client, NS, "p-agent");
    assertThat(agentConfig("p").elasticsearch().apiKeyFile()).isEqualTo("/etc/reunir/es/apiKey");
  }

  @Test
  void aSecretChangedFromApiKeyToBasicAuthRewritesTheAgentConfig() throws Exception {
    secret("es-credentials", Map.of("apiKey", "k"));
    create("p", "es-credentials");
    TestPolicies.awaitDaemonSet(client, NS, "p-agent");
    assertThat(agentConfig("p").elasticsearch().apiKeyFile()).isNotNull();

    client.secrets().inNamespace(NS).withName("es-credentials").edit(s -> new SecretBuilder(s)
        .withData(null).withStringData(Map.of("username", "reunir", "password", "p")).build());

    var config = await().atMost(UNDER_RECHECK).until(() -> agentConfig("p"),
        c -> c.elasticsearch().usernameFile() != null);
    assertThat(config.elasticsearch().apiKeyFile()).isNull();
    assertThat(config.elasticsearch().passwordFile()).isEqualTo("/etc/reunir/es/password");
  }

  private void secret(String name, Map<String, String> values) {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(name)
        .endMetadata().withStringData(values).build()).create();
  }

  private void create(String name, String authSecret) {
    var base = TestPolicies.spec(null);
    var spec = new CollectionPolicySpec(base.schedule(), null, base.probes(), null, base.clusterName(),
        new ElasticsearchTarget(base.elasticsearch().urls(), null,
            new ElasticsearchTarget.SecretRef(authSecret), base.elasticsearch().tls()), null);
    var policy = TestPolicies.policy(NS, name, spec);
    policy.getMetadata().setUid(null);
    policy.getMetadata().setGeneration(null);
    client.resources(CollectionPolicy.class).inNamespace(NS).resource(policy).create();
  }

  private Condition ready(String name) {
    var policy = client.resources(CollectionPolicy.class).inNamespace(NS).withName(name).get();
    return policy.getStatus() == null ? null
        : PolicyConditions.find(policy.getStatus().conditions(), PolicyConditions.READY).orElse(null);
  }

  private AgentConfig agentConfig(String policy) throws Exception {
    ConfigMap cm = client.configMaps().inNamespace(NS).withName(policy + "-agent-config").get();
    return AgentConfig.parse(cm.getData().get("config.json"));
  }
}
