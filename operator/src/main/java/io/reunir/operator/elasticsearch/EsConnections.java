package io.reunir.operator.elasticsearch;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.reunir.contract.es.EsEndpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Elasticsearch client per policy, kept while the policy's URLs, credentials, CA and prefix stay
 * the same (a rotated Secret or an edited spec connects anew), so a reconcile does not start a client.
 */
public class EsConnections {
  private record Open(EsEndpoint endpoint, String prefix, InventoryStore store) {
    boolean serves(EsEndpoint other, String otherPrefix) {
      return prefix.equals(otherPrefix) && endpoint.equals(other);
    }
  }

  private final Map<ResourceID, Open> open = new ConcurrentHashMap<>();

  public InventoryStore store(ResourceID policy, EsEndpoint endpoint, String prefix)
      throws InventoryStore.StoreException {
    Open current = open.get(policy);
    if (current != null && current.serves(endpoint, prefix)) {
      return current.store();
    }
    var store = InventoryStore.connect(endpoint, prefix);
    Open previous = open.put(policy, new Open(endpoint, prefix, store));
    if (previous != null) {
      previous.store().close();
    }
    return store;
  }

  /** The policy is gone (or invalid): its client goes too. */
  public void close(ResourceID policy) {
    Open previous = open.remove(policy);
    if (previous != null) {
      previous.store().close();
    }
  }

  /** The operator stops: the clients' I/O threads would otherwise outlive it. */
  public void closeAll() {
    open.keySet().forEach(this::close);
  }
}
