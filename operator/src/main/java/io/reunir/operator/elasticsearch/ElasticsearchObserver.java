package io.reunir.operator.elasticsearch;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reunir.contract.config.Durations;
import io.reunir.operator.api.CollectionPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a policy's Elasticsearch: nodes reporting (heartbeat younger than two intervals), nodes
 * fresh since a collect-now request, and removal of nodes that left the Kubernetes cluster. Any
 * failure becomes an unreachable observation; it never stops the agents from being deployed.
 */
public class ElasticsearchObserver {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchObserver.class);
  private final KubernetesClient client;
  private final Clock clock;
  private final TemplateInstaller templates = new TemplateInstaller();

  /** What was seen; counts are null when Elasticsearch could not be asked. */
  public record Observation(boolean reachable, String reason, String message, Integer reporting,
      Integer nodesFresh) {}

  public ElasticsearchObserver(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @param liveNodes names of the Nodes in the Kubernetes cluster now, or null when unknown (then
   *     nothing is removed)
   */
  public Observation observe(CollectionPolicy policy, Set<String> liveNodes) {
    var spec = policy.getSpec();
    String cluster = spec.clusterName();
    String name = policy.getMetadata().getName();
    try {
      var credentials = credentials(policy);
      templates.ensureOnce(spec.elasticsearch().urls(), spec.elasticsearch().indexPrefixOrDefault(),
          credentials);
      var store = InventoryStore.connect(spec.elasticsearch().urls(),
          spec.elasticsearch().indexPrefixOrDefault(), credentials);
      Instant now = Instant.now(clock);
      var interval = Durations.parse(spec.scheduleOrDefault().intervalOrDefault());
      int reporting = store.countNodesSeenSince(cluster, name, now.minus(interval.multipliedBy(2)));
      Integer fresh = null;
      var collectNow = policy.getStatus() == null ? null : policy.getStatus().collectNow();
      if (collectNow != null && collectNow.requestedAt() != null) {
        fresh = store.countNodesSeenSince(cluster, name, Instant.parse(collectNow.requestedAt()));
      }
      if (liveNodes != null && !liveNodes.isEmpty()) {
        for (String node : store.nodeNames(cluster, name)) {
          if (!liveNodes.contains(node)) {
            long deleted = store.removeNode(cluster, node, now);
            LOG.info("node {} left cluster {}: removed its {} documents from {}", node, cluster,
                deleted, spec.elasticsearch().urls().get(0));
          }
        }
      }
      return new Observation(true, "Reachable", "reachable at " + spec.elasticsearch().urls().get(0),
          reporting, fresh);
    } catch (InventoryStore.StoreException e) {
      if (Thread.currentThread().isInterrupted()) {
        // The operator is stopping: report nothing rather than a false "unreachable".
        throw new java.util.concurrent.CancellationException("operator stopping");
      }
      return new Observation(false, e.answered() ? "RequestFailed" : "Unreachable", e.getMessage(),
          null, null);
    } catch (RuntimeException e) {
      return new Observation(false, "RequestFailed", String.valueOf(e.getMessage()), null, null);
    }
  }

  private InventoryStore.Credentials credentials(CollectionPolicy policy) {
    var es = policy.getSpec().elasticsearch();
    String ns = policy.getMetadata().getNamespace();
    Secret auth = es.auth() == null ? null
        : client.secrets().inNamespace(ns).withName(es.auth().secretName()).get();
    Secret ca = es.tls() == null ? null
        : client.secrets().inNamespace(ns).withName(es.tls().caSecretName()).get();
    return new InventoryStore.Credentials(value(auth, "apiKey"), value(auth, "username"),
        value(auth, "password"), value(ca, "ca.crt"));
  }

  private static String value(Secret secret, String key) {
    if (secret == null) {
      return null;
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return null;
  }
}
