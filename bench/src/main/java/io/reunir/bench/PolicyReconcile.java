package io.reunir.bench;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.sync.TemplateInstall;
import io.reunir.operator.OperatorSettings;
import io.reunir.operator.ReunirOperator;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.ElasticsearchTarget;
import io.reunir.operator.api.ProbeName;
import io.reunir.operator.api.Schedule;
import java.io.FileInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operator's reconcile time at fleet scale: {@code PolicyReconcile ES_URL CRD_FILE [NODES]} runs the
 * operator in-process against the Fabric8 CRUD mock server holding NODES Node objects, with NODES
 * heartbeats of the policy in Elasticsearch (so every reconcile counts reporting nodes and checks
 * for departed ones at that scale), and times, from the edit to {@code status.observedGeneration}:
 * the first reconcile of a new policy, a config-only change (schedule) and a change that rolls the
 * DaemonSet (probes). Prints {@code key=value} lines (milliseconds; medians of the edits).
 */
public final class PolicyReconcile {
  private static final String NS = "reunir";
  private static final int ROUNDS = 11;
  // Held so the level sticks: the mock server logs every request, which would time the log, not the operator.
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private PolicyReconcile() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: PolicyReconcile ES_URL CRD_FILE [NODES]");
      System.exit(2);
    }
    MOCK_LOG.setLevel(Level.WARNING);
    String url = args[0];
    int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    var es = ReportingCount.connect(url);
    TemplateInstall.ensure(es, ReportingCount.PREFIX);
    ReportingCount.indexHeartbeats(es, nodes, Instant.now());

    var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      try (var crd = new FileInputStream(args[1])) {
        client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
      }
      for (int i = 0; i < nodes; i++) {
        client.nodes().resource(new NodeBuilder().withNewMetadata()
            .withName(String.format("ops-node-%05d", i)).endMetadata().build()).create();
      }
      var settings = new OperatorSettings(Set.of(), "reunir/reunir-agent:bench", "reunir-agent-node-reader",
          false, null, 0);
      var operator = ReunirOperator.create(client, settings, Clock.systemUTC());
      operator.start();
      try {
        measure(client, url, nodes);
      } finally {
        operator.stop();
      }
    } finally {
      server.destroy();
    }
  }

  private static void measure(KubernetesClient client, String url, int nodes) throws Exception {
    var spec = new CollectionPolicySpec(new Schedule("1h", "10m"), null, List.of(ProbeName.OS, ProbeName.PACKAGES),
        null, ReportingCount.CLUSTER, new ElasticsearchTarget(List.of(url), ReportingCount.PREFIX, null, null), null);
    var policy = new CollectionPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(ReportingCount.POLICY).withNamespace(NS).build());
    policy.setSpec(spec);
    long start = System.nanoTime();
    client.resources(CollectionPolicy.class).inNamespace(NS).resource(policy).create();
    awaitGeneration(client, 1);
    double firstMs = (System.nanoTime() - start) / 1e6;
    var status = policy(client).getStatus();
    Integer reporting = status.nodes() == null ? null : status.nodes().reporting();
    if (reporting == null || reporting != nodes) {
      System.err.printf("PolicyReconcile: expected %d nodes reporting, the status says %s%n", nodes, reporting);
      System.exit(1);
    }
    double configMs = medianMillis(client, s -> new CollectionPolicySpec(
        new Schedule(s.schedule().interval().equals("1h") ? "2h" : "1h", "10m"), s.nodes(), s.probes(),
        s.files(), s.clusterName(), s.elasticsearch(), s.agent()));
    double rolloutMs = medianMillis(client, s -> new CollectionPolicySpec(s.schedule(), s.nodes(),
        s.probes().size() == 2 ? List.of(ProbeName.OS, ProbeName.PACKAGES, ProbeName.SERVICES)
            : List.of(ProbeName.OS, ProbeName.PACKAGES), s.files(), s.clusterName(), s.elasticsearch(), s.agent()));
    System.out.printf("rc_nodes=%d%nrc_first_ms=%.0f%nrc_config_ms=%.0f%nrc_rollout_ms=%.0f%n",
        nodes, firstMs, configMs, rolloutMs);
  }

  /** Median time from an edit (as kubectl edit makes it) to the operator's status naming its generation. */
  private static double medianMillis(KubernetesClient client, UnaryOperator<CollectionPolicySpec> change) {
    double[] millis = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      long generation = edit(client, change);
      awaitGeneration(client, generation);
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    System.err.println("PolicyReconcile: edit to observedGeneration, ms: " + Arrays.toString(millis));
    Arrays.sort(millis);
    return millis[ROUNDS / 2];
  }

  private static long edit(KubernetesClient client, UnaryOperator<CollectionPolicySpec> change) {
    for (int attempt = 0; ; attempt++) {
      try {
        var edited = client.resources(CollectionPolicy.class).inNamespace(NS).withName(ReportingCount.POLICY)
            .edit(p -> {
              p.setSpec(change.apply(p.getSpec()));
              return p;
            });
        return edited.getMetadata().getGeneration();
      } catch (KubernetesClientException e) {
        // The operator's status patch may land between our read and write (409): read again.
        if (e.getCode() != 409 || attempt > 20) {
          throw e;
        }
      }
    }
  }

  private static void awaitGeneration(KubernetesClient client, long generation) {
    client.resources(CollectionPolicy.class).inNamespace(NS).withName(ReportingCount.POLICY)
        .waitUntilCondition(p -> p != null && p.getStatus() != null && p.getStatus().observedGeneration() != null
            && p.getStatus().observedGeneration() >= generation, 60, TimeUnit.SECONDS);
  }

  private static CollectionPolicy policy(KubernetesClient client) {
    return client.resources(CollectionPolicy.class).inNamespace(NS).withName(ReportingCount.POLICY).get();
  }
}
