package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The agent's Elasticsearch Java client, kept from cycle to cycle (and its connections and I/O thread
 * with it): building one per cycle would open new connections and threads every cycle. The config's
 * credential and CA files are read again every cycle, so a rotated Secret is picked up; the client is
 * built again only when the URLs or the content of those files changed.
 */
final class EsConnection implements AutoCloseable {
  private String builtFrom;
  private ElasticsearchClient client;

  ElasticsearchClient client(ElasticsearchConfig config, Duration requestTimeout) throws IOException {
    var endpoint = EsEndpoint.fromConfig(config);
    String key = fingerprint(endpoint, requestTimeout);
    if (client == null || !key.equals(builtFrom)) {
      close();
      client = EsClients.connect(endpoint, requestTimeout);
      builtFrom = key;
    }
    return client;
  }

  /** What the client was built from, digested so no secret is kept beside the client's own copy. */
  private static String fingerprint(EsEndpoint endpoint, Duration requestTimeout) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      digest.update((endpoint.urls() + "\n" + requestTimeout + "\n" + endpoint.credentials().authorization()
          + "\n").getBytes(StandardCharsets.UTF_8));
      if (endpoint.caPem() != null) {
        digest.update(endpoint.caPem());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public void close() throws IOException {
    if (client != null) {
      var closing = client;
      client = null;
      builtFrom = null;
      closing._transport().close();
    }
  }
}
