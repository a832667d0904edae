package io.reunir.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.reunir.operator.api.ProbeName;
import io.reunir.operator.ops.HealthServer;
import io.reunir.operator.ops.OperatorMeters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Leader election, watched namespaces and the HTTP endpoints, with the operator as main builds it. */
@EnableKubernetesMockClient(crud = true)
class OperationsIT {
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void leaderElectionWatchedNamespacesHealthAndMetrics() throws Exception {
    for (String ns : List.of("team-a", "team-b")) {
      client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
          .withName("es-credentials").endMetadata().addToStringData("apiKey", "k").build()).create();
      client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
          .withName("es-ca").endMetadata().addToStringData("ca.crt", "pem").build()).create();
    }
    // JOSDK checks its Lease permissions with a SelfSubjectRulesReview, which the CRUD mock server
    // does not evaluate: answer it as an API server would for the chart's Role.
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewMetadata().endMetadata()
            .withNewStatus().withIncomplete(false)
            .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
            .withVerbs("get", "create", "update").endResourceRule()
            .endStatus().build())
        .always();
    var settings = new OperatorSettings(Set.of("team-a"), "img:1", "reunir-agent-node-reader", true,
        "reunir-system", 0);
    var metrics = OperatorMeters.prometheusRegistry();
    var operator = ReunirOperator.create(client, settings, Clock.systemUTC(), metrics, false);
    var http = HealthServer.start(0, operator, metrics);
    var httpClient = HttpClient.newHttpClient();
    try {
      assertThat(get(httpClient, http, "/readyz").statusCode()).isEqualTo(503);
      operator.start();
      // Policy in an unwatched namespace first, then one in the watched namespace.
      create("team-b");
      create("team-a");
      await().atMost(Duration.ofSeconds(30)).until(() ->
          client.apps().daemonSets().inNamespace("team-a").withName("p-agent").get() != null);
      assertThat(client.apps().daemonSets().inNamespace("team-b").withName("p-agent").get()).isNull();

      var lease = client.leases().inNamespace("reunir-system").withName("reunir-operator").get();
      assertThat(lease).isNotNull();
      assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();

      await().until(() -> get(httpClient, http, "/readyz").statusCode() == 200);
      var health = get(httpClient, http, "/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      // JOSDK counts a reconcile once it returns, which can be after its DaemonSet exists.
      var reconciled = Pattern.compile("operator_sdk_controllers_execution_reconcile_success_total"
          + "\\{controller=\"collectionpolicy\",[^}]*} [1-9]");
      var scrape = await().atMost(Duration.ofSeconds(30)).until(
          () -> get(httpClient, http, "/metrics"), r -> reconciled.matcher(r.body()).find());
      assertThat(scrape.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      // JOSDK's meters, recorded by its micrometer-support during the reconciles above.
      assertThat(scrape.body())
          .contains("# TYPE operator_sdk_controllers_execution_reconcile_success_total counter")
          .containsPattern("operator_sdk_controllers_execution_reconcile_seconds_count\\{"
              + "controller=\"collectionpolicy\",[^}]*} [1-9]")
          .containsPattern("operator_sdk_reconciliations_started_total\\{[^}]*kind=\"CollectionPolicy\"");
      // Ours: the JVM and process meters OperatorMeters binds.
      assertThat(scrape.body()).containsPattern("jvm_memory_used_bytes\\{area=\"heap\"")
          .containsPattern("process_uptime_seconds [0-9]");
    } finally {
      http.close();
      operator.stop();
    }
  }

  private void create(String ns) {
    var policy = TestPolicies.policy(ns, "p", TestPolicies.spec(List.of(ProbeName.OS)));
    policy.getMetadata().setUid(null);
    policy.getMetadata().setGeneration(null);
    client.resource(policy).create();
  }

  private static HttpResponse<String> get(HttpClient client, HealthServer server, String path)
      throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
