package io.reunir.operator.elasticsearch;

import io.reunir.operator.api.CollectionPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts: removes from Elasticsearch the documents of nodes the observer found there but no longer in
 * the Kubernetes cluster. A failure leaves the rest for the next reconcile, which observes them again.
 */
public class DepartedNodeRemover {
  private static final Logger LOG = LoggerFactory.getLogger(DepartedNodeRemover.class);
  private final Clock clock;

  public DepartedNodeRemover(Clock clock) {
    this.clock = clock;
  }

  public void remove(InventoryStore store, CollectionPolicy policy, Set<String> departed)
      throws InventoryStore.StoreException {
    String cluster = policy.getSpec().clusterName();
    for (String node : departed) {
      long deleted = store.removeNode(cluster, node, Instant.now(clock));
      LOG.info("node {} left cluster {}: removed its {} documents from {}", node, cluster, deleted,
          store.layout().prefix() + "-*");
    }
  }
}
