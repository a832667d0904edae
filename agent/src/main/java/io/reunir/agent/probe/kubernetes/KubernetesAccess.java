package io.reunir.agent.probe.kubernetes;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the kubernetes probe reaches the API server: in a pod, the in-cluster service-account files
 * and the {@code KUBERNETES_SERVICE_*} variables; in tests, any server, token and CA. The token and
 * CA are files, read at every collection, because the kubelet rotates the projected token.
 *
 * @param nodeName the Node to read; null outside a cluster
 * @param apiServer base URL; null when the service variables are missing
 */
public record KubernetesAccess(
    String nodeName, URI apiServer, Path tokenFile, Path caFile, Duration timeout) {
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  /**
   * From the pod's environment. {@code nodeName} (e.g. a command-line option) wins over {@code
   * NODE_NAME}. The service-account files are the agent's own, never the host root's.
   */
  public static KubernetesAccess fromEnvironment(Map<String, String> env, String nodeName) {
    String node = nodeName != null ? nodeName : env.get("NODE_NAME");
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    URI server = null;
    if (host != null && !host.isBlank()) {
      // An IPv6 service address needs brackets in a URL.
      String authority = host.contains(":") ? "[" + host + "]" : host;
      server = URI.create("https://" + authority + ":" + port);
    }
    return new KubernetesAccess(
        node,
        server,
        SERVICE_ACCOUNT.resolve("token"),
        SERVICE_ACCOUNT.resolve("ca.crt"),
        DEFAULT_TIMEOUT);
  }
}
