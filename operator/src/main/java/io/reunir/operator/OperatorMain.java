package io.reunir.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.reunir.operator.advisories.AdvisoryCommand;
import io.reunir.operator.ops.HealthServer;
import io.reunir.operator.ops.OperatorMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the operator with the settings from the environment (see {@link OperatorSettings}). */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(AdvisoryCommand.NAME)) {
      System.exit(AdvisoryCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
    }
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("""
          Usage: java -jar reunir-operator.jar
          Runs the Reunir operator against the cluster of the current kubeconfig or service account.
          java -jar reunir-operator.jar advisories --help: one advisory import and match, without Kubernetes.
          Environment: REUNIR_WATCH_NAMESPACES (comma-separated, empty = all), REUNIR_AGENT_IMAGE,
          REUNIR_AGENT_CLUSTER_ROLE (default reunir-agent-node-reader), REUNIR_LEADER_ELECTION
          (default true), REUNIR_LEADER_ELECTION_NAMESPACE (default POD_NAMESPACE),
          REUNIR_HTTP_PORT (default 8080: /healthz, /readyz, /metrics).""");
      return;
    }
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("reunir-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    var client = new KubernetesClientBuilder().build();
    var metrics = OperatorMeters.prometheusRegistry();
    var operator = ReunirOperator.create(client, settings, Clock.systemUTC(), metrics, true);
    var http = HealthServer.start(settings.httpPort(), operator, metrics);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.close();
      client.close();
    }));
    LOG.info("reunir-operator starting: namespaces={}, agent image={}, leader election={}, http port={}",
        settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(),
        settings.agentImage(), settings.leaderElection(), http.port());
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
  }
}
