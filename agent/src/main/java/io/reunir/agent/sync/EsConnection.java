package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import java.io.IOException;
import java.time.Duration;

/**
 * The agent's Elasticsearch Java client, kept from cycle to cycle (and its connections and I/O thread
 * with it): building one per cycle would open new connections and threads every cycle. The config's
 * credential and CA files are read again every cycle, so a rotated Secret is picked up; the client is
 * built again only when the URLs or the content of those files changed.
 */
final class EsConnection implements AutoCloseable {
  private EsEndpoint builtFor;
  private Duration builtWith;
  private ElasticsearchClient client;

  ElasticsearchClient client(ElasticsearchConfig config, Duration requestTimeout) throws IOException {
    var endpoint = EsEndpoint.fromConfig(config);
    if (client == null || !endpoint.equals(builtFor) || !requestTimeout.equals(builtWith)) {
      close();
      client = EsClients.connect(endpoint, requestTimeout);
      builtFor = endpoint;
      builtWith = requestTimeout;
    }
    return client;
  }

  @Override
  public void close() throws IOException {
    if (client != null) {
      var closing = client;
      client = null;
      builtFor = null;
      closing._transport().close();
    }
  }
}
