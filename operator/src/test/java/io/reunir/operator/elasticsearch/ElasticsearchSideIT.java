package io.reunir.operator.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.operator.TestPolicies;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.CollectionPolicyStatus;
import io.reunir.operator.api.ElasticsearchTarget;
import io.reunir.operator.api.ProbeName;
import io.reunir.operator.status.PolicyConditions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator against a real Elasticsearch and the Kubernetes mock server: the agent's index
 * templates installed when a policy first points at the cluster, nodes reporting,
 * fresh nodes after collect-now, departed nodes removed, and an unreachable cluster reported
 * without holding back the agents.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchSideIT {
  private static final String NS = "reunir";
  private static final String CLUSTER = "prod-eu-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  KubernetesClient client;
  Operator operator;
  String es;
  String prefix;

  @BeforeEach
  void start(ElasticsearchNode node) throws Exception {
    es = node.url().toString().replaceAll("/$", "");
    prefix = "opit" + Long.toHexString(System.nanoTime());
    for (String name : List.of("node-a", "node-b", "node-c")) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
    operator = TestPolicies.startOperator(client);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
  }

  @Test
  void reportingCountsFreshHeartbeatsAndADepartedNodesInventoryIsRemoved() throws Exception {
    create("p", List.of(es));
    awaitTemplatesInstalled();
    Instant now = Instant.now();
    heartbeat("node-a", now);
    heartbeat("node-b", now.minus(Duration.ofMinutes(90)));
    heartbeat("node-c", now.minus(Duration.ofHours(3)));
    heartbeat("node-x", now, "other-policy");
    for (String node : List.of("node-a", "node-b")) {
      send("POST", "/" + prefix + "-packages/_doc?refresh=true", """
          {"@timestamp":"%s","orchestrator":{"cluster":{"name":"%s"}},"host":{"name":"%s"},
           "package":{"name":"openssl"}}""".formatted(now, CLUSTER, node));
    }
    nudge("p-agent");

    // Interval 1h: a and b reported within 2h, c did not; node-x belongs to another policy.
    var status = await().atMost(Duration.ofSeconds(30)).until(() -> status("p"),
        s -> s.nodes() != null && s.nodes().reporting() != null && s.nodes().reporting() == 2);
    var reachable = PolicyConditions.find(status.conditions(), PolicyConditions.ELASTICSEARCH_REACHABLE)
        .orElseThrow();
    assertThat(reachable.getStatus()).isEqualTo("True");

    client.nodes().withName("node-b").delete();

    // The change event is written after the deletions: once it is there, they are done.
    await().atMost(Duration.ofSeconds(30)).until(() -> count("changes", "node-b") == 1);
    assertThat(count("packages", "node-b")).isZero();
    assertThat(count("nodes", "node-b")).isZero();
    assertThat(count("packages", "node-a")).isEqualTo(1);
    assertThat(count("nodes", "node-a")).isEqualTo(1);
    JsonNode removed = search("changes", "node-b");
    assertThat(removed.path("hits").path("total").path("value").asInt()).isEqualTo(1);
    assertThat(removed.path("hits").path("hits").get(0).path("_source").path("event").path("action")
        .asText()).isEqualTo("node_removed");
  }

  @Test
  void collectNowCountsTheNodesThatReportedAfterTheRequest() throws Exception {
    create("p", List.of(es));
    awaitTemplatesInstalled();
    heartbeat("node-a", Instant.now().minus(Duration.ofMinutes(5)));
    await().atMost(Duration.ofSeconds(30)).until(() -> status("p"),
        s -> s.nodes() != null && s.nodes().reporting() != null);

    client.resources(CollectionPolicy.class).inNamespace(NS).withName("p").patch(
        PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"reunir.io/collect-now\":\"incident-7\"}}}");
    var requested = await().atMost(Duration.ofSeconds(30)).until(() -> status("p").collectNow(),
        c -> c != null && c.nodesFresh() != null);
    assertThat(requested.token()).isEqualTo("incident-7");
    assertThat(requested.nodesFresh()).isZero();

    heartbeat("node-a", Instant.parse(requested.requestedAt()).plusSeconds(1));
    nudge("p-agent");
    var fresh = await().atMost(Duration.ofSeconds(30)).until(() -> status("p").collectNow(),
        c -> c.nodesFresh() != null && c.nodesFresh() == 1);
    assertThat(fresh.requestedAt()).isEqualTo(requested.requestedAt());
  }

  @Test
  void anUnreachableClusterIsReportedAndTheAgentsAreDeployedAnyway() {
    create("p", List.of("http://127.0.0.1:1"));
    await().atMost(Duration.ofSeconds(30)).until(() ->
        client.apps().daemonSets().inNamespace(NS).withName("p-agent").get() != null);
    var condition = await().atMost(Duration.ofSeconds(30)).until(() -> PolicyConditions.find(
        status("p").conditions(), PolicyConditions.ELASTICSEARCH_REACHABLE).orElse(null), c -> c != null);
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("Unreachable");
    assertThat(condition.getMessage()).contains("cannot reach http://127.0.0.1:1");
  }

  @Test
  void aFirstUrlThatDoesNotAnswerFailsOverToTheNextWithTheSecretsCredentials() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("es-credentials").endMetadata().addToStringData("apiKey", "a2V5").build()).create();
    create("p", List.of("http://127.0.0.1:1", es), new ElasticsearchTarget.SecretRef("es-credentials"), null);
    awaitTemplatesInstalled();
    var condition = await().atMost(Duration.ofSeconds(30)).until(() -> PolicyConditions.find(
        status("p").conditions(), PolicyConditions.ELASTICSEARCH_REACHABLE).orElse(null),
        c -> c != null && c.getStatus().equals("True"));
    assertThat(condition.getMessage()).isEqualTo("reachable at one of http://127.0.0.1:1, " + es);
  }

  @Test
  void aCaSecretThatHoldsNoCertificateIsNamedInTheConditionAndNotQuoted() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("es-ca").endMetadata().addToStringData("ca.crt", "c2VjcmV0-not-pem").build()).create();
    create("p", List.of(es), null, new ElasticsearchTarget.TlsSettings("es-ca"));
    var condition = await().atMost(Duration.ofSeconds(30)).until(() -> PolicyConditions.find(
        status("p").conditions(), PolicyConditions.ELASTICSEARCH_REACHABLE).orElse(null), c -> c != null);
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("RequestFailed");
    assertThat(condition.getMessage())
        .startsWith("cannot use the policy's credentials: spec.elasticsearch.tls.caSecretName: Secret 'es-ca' key ca.crt")
        .doesNotContain("c2VjcmV0");
  }

  @Test
  void stoppingTheOperatorClosesItsElasticsearchClients() {
    // Other clients of this JVM (the tests' own, an agent's) share the thread name: count from here.
    long before = ioThreads();
    create("p", List.of(es));
    await().atMost(Duration.ofSeconds(30)).until(() -> PolicyConditions.find(
        status("p").conditions(), PolicyConditions.ELASTICSEARCH_REACHABLE).orElse(null), c -> c != null);
    assertThat(ioThreads()).isGreaterThan(before);

    operator.stop();
    operator = null;

    await().atMost(Duration.ofSeconds(10)).until(ElasticsearchSideIT::ioThreads, n -> n == before);
  }

  /** The low-level client's I/O reactor threads, which hold connections until the client is closed. */
  private static long ioThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("elasticsearch-client-")).count();
  }

  // --- helpers

  /** The operator installed the agent's templates: the aliases exist, with their strict mappings. */
  private void awaitTemplatesInstalled() {
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      var mapping = send("GET", "/" + prefix + "-changes/_mapping", null);
      return mapping.toString().contains("\"dynamic\":\"strict\"");
    });
  }

  private void create(String name, List<String> urls) {
    create(name, urls, null, null);
  }

  private void create(String name, List<String> urls, ElasticsearchTarget.SecretRef auth,
      ElasticsearchTarget.TlsSettings tls) {
    var base = TestPolicies.spec(List.of(ProbeName.OS));
    var spec = new CollectionPolicySpec(base.schedule(), null, base.probes(), null, CLUSTER,
        new ElasticsearchTarget(urls, prefix, auth, tls), null);
    var policy = TestPolicies.policy(NS, name, spec);
    policy.getMetadata().setUid(null);
    policy.getMetadata().setGeneration(null);
    client.resource(policy).create();
  }

  private CollectionPolicyStatus status(String name) {
    var p = client.resources(CollectionPolicy.class).inNamespace(NS).withName(name).get();
    return p.getStatus() == null ? new CollectionPolicyStatus(null, null, null, null) : p.getStatus();
  }

  /** A DaemonSet status change makes the operator look again, as kubelets reporting would. */
  private void nudge(String daemonSet) {
    var ds = client.apps().daemonSets().inNamespace(NS).withName(daemonSet).get();
    int n = ds.getStatus() == null || ds.getStatus().getObservedGeneration() == null ? 1
        : ds.getStatus().getObservedGeneration().intValue() + 1;
    ds.setStatus(new DaemonSetStatusBuilder().withObservedGeneration((long) n)
        .withDesiredNumberScheduled(1).withNumberReady(1).withCurrentNumberScheduled(1)
        .withNumberMisscheduled(0).build());
    client.apps().daemonSets().inNamespace(NS).resource(ds).updateStatus();
  }

  private void heartbeat(String node, Instant at) throws Exception {
    heartbeat(node, at, "p");
  }

  private void heartbeat(String node, Instant at, String policy) throws Exception {
    send("PUT", "/" + prefix + "-nodes/_doc/" + CLUSTER + "%2F" + node + "?refresh=true", """
        {"@timestamp":"%s","orchestrator":{"cluster":{"name":"%s"}},"host":{"name":"%s"},
         "reunir":{"policy":"%s"}}""".formatted(at, CLUSTER, node, policy));
  }

  private int count(String index, String node) throws Exception {
    return search(index, node).path("hits").path("total").path("value").asInt();
  }

  private JsonNode search(String index, String node) throws Exception {
    return send("POST", "/" + prefix + "-" + index + "/_search?track_total_hits=true", """
        {"query":{"term":{"host.name":"%s"}}}""".formatted(node));
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    var response = http.send(HttpRequest.newBuilder(URI.create(es + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
    return JSON.readTree(response.body());
  }
}
