package io.reunir.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's configuration, from environment variables (names and defaults fixed by the
 * operator-chart contract).
 *
 * @param watchNamespaces namespaces whose policies are reconciled; empty = all
 * @param agentImage agent image when a policy names none
 * @param agentClusterRole ClusterRole bound to each policy's agent ServiceAccount
 * @param leaderElection whether to hold the {@code reunir-operator} Lease before reconciling
 * @param leaderElectionNamespace where the Lease lives
 * @param httpPort port of /healthz, /readyz and /metrics; 0 picks a free one
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    String agentImage,
    String agentClusterRole,
    boolean leaderElection,
    String leaderElectionNamespace,
    int httpPort) {

  public static final String LEASE_NAME = "reunir-operator";

  public OperatorSettings {
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** Reads the settings; a malformed value is an error that names the variable. */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String version = OperatorSettings.class.getPackage().getImplementationVersion();
    String defaultImage = "reunir/reunir-agent:" + (version == null ? "latest" : version);
    String leaderElection = env.getOrDefault("REUNIR_LEADER_ELECTION", "true").trim();
    if (!leaderElection.equals("true") && !leaderElection.equals("false")) {
      throw new IllegalArgumentException(
          "REUNIR_LEADER_ELECTION: '" + leaderElection + "' is not true or false");
    }
    String port = env.getOrDefault("REUNIR_HTTP_PORT", "8080").trim();
    int httpPort;
    try {
      httpPort = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("REUNIR_HTTP_PORT: '" + port + "' is not a port number");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("REUNIR_HTTP_PORT: " + httpPort + " is not a port number");
    }
    String leaseNamespace = nonBlank(env.get("REUNIR_LEADER_ELECTION_NAMESPACE"),
        nonBlank(env.get("POD_NAMESPACE"), null));
    if (leaderElection.equals("true") && leaseNamespace == null) {
      throw new IllegalArgumentException("REUNIR_LEADER_ELECTION_NAMESPACE (or POD_NAMESPACE) is needed"
          + " for leader election; set REUNIR_LEADER_ELECTION=false to run without it");
    }
    return new OperatorSettings(
        Arrays.stream(env.getOrDefault("REUNIR_WATCH_NAMESPACES", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
        nonBlank(env.get("REUNIR_AGENT_IMAGE"), defaultImage),
        nonBlank(env.get("REUNIR_AGENT_CLUSTER_ROLE"), "reunir-agent-node-reader"),
        leaderElection.equals("true"),
        leaseNamespace,
        httpPort);
  }

  private static String nonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
