package io.reunir.agent.probe.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the node's own Node with Fabric8's client over the JDK's HTTP client. The client is made
 * on the first read, not before: a {@code collect} outside a cluster never loads Fabric8, and in
 * {@code run} one client serves every cycle.
 */
public final class NodeReader implements AutoCloseable {
  private final KubernetesAccess access;
  private Config config;
  private KubernetesClient client;

  public NodeReader(KubernetesAccess access) {
    this.access = access;
  }

  /** From the pod's environment; see {@link KubernetesAccess#fromEnvironment}. */
  public static NodeReader fromEnvironment(Map<String, String> env, String nodeName) {
    return new NodeReader(KubernetesAccess.fromEnvironment(env, nodeName));
  }

  KubernetesAccess access() {
    return access;
  }

  /** The Node, or empty when the API server has none of that name (a 404). */
  Optional<Node> read() {
    return Optional.ofNullable(client().nodes().withName(access.nodeName()).get());
  }

  /** The API server's URL, as the in-cluster config gives it. */
  String server() {
    return config().getMasterUrl();
  }

  private synchronized Config config() {
    if (config == null) {
      // In-cluster: KUBERNETES_SERVICE_HOST/PORT and the service-account CA.
      config = Config.autoConfigure(null);
      config.setOauthTokenProvider(new ServiceAccountToken(access.tokenFile()));
      int millis = Math.toIntExact(access.timeout().toMillis());
      config.setConnectionTimeout(millis);
      config.setRequestTimeout(millis);
      // The next cycle is the retry: a probe's wait stays one timeout, not a backoff series.
      config.setRequestRetryBackoffLimit(0);
    }
    return config;
  }

  private synchronized KubernetesClient client() {
    if (client == null) {
      client =
          new KubernetesClientBuilder()
              .withConfig(config())
              .withHttpClientFactory(new JdkHttpClientFactory())
              .build();
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
