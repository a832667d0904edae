package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import java.io.IOException;
import java.time.Duration;

/**
 * Only so the operator's TemplateInstaller compiles until it builds its client with the contract's
 * {@link EsClients} itself: the agent does not use it. Remove it with that change.
 */
@Deprecated(forRemoval = true)
public record EsClient(ElasticsearchClient client) {
  public static EsClient connect(ElasticsearchConfig config) throws IOException {
    return new EsClient(EsClients.connect(EsEndpoint.fromConfig(config), Duration.ofSeconds(30)));
  }
}
