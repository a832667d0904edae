package io.reunir.agent.probe.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Which Node the kubernetes probe reads, with which token, and whether it is in a cluster at all:
 * the API server and its CA come from Fabric8's in-cluster config ({@code
 * KUBERNETES_SERVICE_HOST}/{@code _PORT}, the service-account {@code ca.crt}).
 *
 * @param nodeName the Node to read; null outside a cluster
 * @param tokenFile the service-account token, read at every request; absent outside a cluster
 * @param timeout for connecting and for the answer, each
 */
public record KubernetesAccess(String nodeName, Path tokenFile, Duration timeout) {
  static final Path SERVICE_ACCOUNT_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  /**
   * From the pod's environment. {@code nodeName} (e.g. a command-line option) wins over {@code
   * NODE_NAME}. The service-account files are the agent's own, never the host root's.
   */
  public static KubernetesAccess fromEnvironment(Map<String, String> env, String nodeName) {
    String node = nodeName != null ? nodeName : env.get("NODE_NAME");
    return new KubernetesAccess(node, SERVICE_ACCOUNT_TOKEN, DEFAULT_TIMEOUT);
  }

  /** In a pod: a node name and a token to read it with. */
  boolean inCluster() {
    return nodeName != null && !nodeName.isBlank() && Files.exists(tokenFile);
  }
}
