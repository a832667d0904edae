package io.reunir.operator.elasticsearch;

import io.reunir.contract.config.Durations;
import io.reunir.operator.api.CollectionPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Observes, never acts: reads a policy's Elasticsearch for its status — nodes reporting (heartbeat
 * younger than two intervals), nodes fresh since a collect-now request, and nodes that hold documents
 * but left the Kubernetes cluster. Installing templates and removing those nodes are other steps.
 */
public class ElasticsearchObserver {
  private final Clock clock;

  /**
   * What was seen; counts are null when Elasticsearch could not be asked. {@code departed}: nodes
   * with documents that are not in the Kubernetes cluster (empty when the live nodes are unknown).
   */
  public record Observation(boolean reachable, String reason, String message, Integer reporting,
      Integer nodesFresh, Set<String> departed) {
    public Observation {
      departed = departed == null ? Set.of() : Set.copyOf(departed);
    }

    public Observation(boolean reachable, String reason, String message, Integer reporting,
        Integer nodesFresh) {
      this(reachable, reason, message, reporting, nodesFresh, Set.of());
    }

    /** Elasticsearch could not be asked, or refused: counts unknown, nothing to act on. */
    public static Observation failed(InventoryStore.StoreException e) {
      return new Observation(false, e.answered() ? "RequestFailed" : "Unreachable", e.getMessage(),
          null, null);
    }
  }

  public ElasticsearchObserver(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param liveNodes names of the Nodes in the Kubernetes cluster now, or null/empty when unknown
   *     (then no node counts as departed)
   */
  public Observation observe(InventoryStore store, CollectionPolicy policy, Set<String> liveNodes)
      throws InventoryStore.StoreException {
    var spec = policy.getSpec();
    String cluster = spec.clusterName();
    String name = policy.getMetadata().getName();
    Instant now = Instant.now(clock);
    var interval = Durations.parse(spec.scheduleOrDefault().intervalOrDefault());
    int reporting = store.countNodesSeenSince(cluster, name, now.minus(interval.multipliedBy(2)));
    Integer fresh = null;
    var collectNow = policy.getStatus() == null ? null : policy.getStatus().collectNow();
    if (collectNow != null && collectNow.requestedAt() != null) {
      fresh = store.countNodesSeenSince(cluster, name, Instant.parse(collectNow.requestedAt()));
    }
    var departed = new TreeSet<String>();
    if (liveNodes != null && !liveNodes.isEmpty()) {
      for (String node : store.nodeNames(cluster, name)) {
        if (!liveNodes.contains(node)) {
          departed.add(node);
        }
      }
    }
    var urls = spec.elasticsearch().urls();
    // Requests fail over among the URLs, so which one answered is not known here.
    String where = urls.size() == 1 ? urls.get(0) : "one of " + String.join(", ", urls);
    return new Observation(true, "Reachable", "reachable at " + where, reporting, fresh, departed);
  }
}
