package io.reunir.contract.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.impl.nio.reactor.IOReactorConfig;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;

/**
 * The Elasticsearch Java client for an endpoint, the same way for the agent and the operator. Requests
 * fail over among all the endpoint's URLs (the low-level client marks a node that fails to answer as
 * dead for a while and retries the request on the next). Close it with {@code client._transport().close()}.
 *
 * <p>The transport is the client's own, over the low-level REST client with one I/O thread. A
 * transport over {@code java.net.http} was measured in the agent's run mode and gained nothing that
 * would justify owning it (bench/PROFILES.md).
 */
public final class EsClients {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final java.util.concurrent.atomic.AtomicInteger THREADS =
      new java.util.concurrent.atomic.AtomicInteger();

  private EsClients() {}

  public static ElasticsearchClient connect(EsEndpoint endpoint, Duration requestTimeout) throws IOException {
    return connect(endpoint, requestTimeout, new ObjectMapper());
  }

  public static ElasticsearchClient connect(EsEndpoint endpoint, Duration requestTimeout, ObjectMapper json)
      throws IOException {
    SSLContext tls = endpoint.caPem() == null ? null : PemTrust.context(endpoint.caPem(), "elasticsearch.caFile");
    var builder = RestClient.builder(hosts(endpoint.urls()));
    String prefix = pathPrefix(endpoint.urls());
    if (!prefix.isEmpty()) {
      builder.setPathPrefix(prefix);
    }
    String authorization = endpoint.credentials().authorization();
    if (authorization != null) {
      builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", authorization)});
    }
    int socketTimeout = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
    builder.setRequestConfigCallback(request -> request
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setSocketTimeout(socketTimeout));
    builder.setHttpClientConfigCallback(http -> {
      // One I/O thread: each side has at most one request in flight.
      http.setDefaultIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build());
      // Daemon threads: a client nobody closed must not keep a finished process alive.
      http.setThreadFactory(EsClients::daemon);
      if (tls != null) {
        http.setSSLContext(tls);
      }
      return http;
    });
    // No OpenTelemetry instrumentation: neither side exports traces, and the default looks the API up.
    return new ElasticsearchClient(new RestClientTransport(builder.build(), new JacksonJsonpMapper(json),
        null, NoopInstrumentation.INSTANCE));
  }

  private static Thread daemon(Runnable task) {
    var thread = new Thread(task, "elasticsearch-client-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  private static HttpHost[] hosts(List<URI> urls) {
    return urls.stream().map(url -> new HttpHost(url.getHost(), port(url), url.getScheme()))
        .toArray(HttpHost[]::new);
  }

  private static int port(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return url.getScheme().equals("https") ? 443 : 80;
  }

  /** A proxy's path prefix; the low-level client takes one for all nodes, so all URLs must agree. */
  private static String pathPrefix(List<URI> urls) throws IOException {
    String first = prefixOf(urls.get(0));
    for (int i = 1; i < urls.size(); i++) {
      if (!prefixOf(urls.get(i)).equals(first)) {
        throw new IOException("elasticsearch.urls[" + i + "]: every URL must have the same path prefix ('"
            + first + "' in the first)");
      }
    }
    return first;
  }

  private static String prefixOf(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
