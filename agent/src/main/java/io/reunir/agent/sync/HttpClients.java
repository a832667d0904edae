package io.reunir.agent.sync;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * One {@link HttpClient} per trust setting for the whole process. A JDK 17 client cannot be closed:
 * its selector thread and worker pool live until the client is garbage collected, so building one per
 * cycle left a dozen idle threads behind in the agent after a few cycles (measured: 25 threads, then
 * 36 after six cycles, RSS rising with them). Sharing one also keeps the connection to Elasticsearch
 * alive between cycles. A rotated CA file has new content, hence a new key and a new client.
 */
final class HttpClients {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Enough for the CA files a process sees over its life; an evicted client is collected. */
  private static final int MAX_CLIENTS = 4;

  private static final Map<String, HttpClient> CLIENTS =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
          return size() > MAX_CLIENTS;
        }
      };

  /** Builds the TLS context of a CA file when no client for its content exists yet. */
  interface TlsContext {
    SSLContext build() throws IOException;
  }

  private HttpClients() {}

  /** The client trusting the JDK's CA certificates. */
  static synchronized HttpClient jdkTrust() {
    return CLIENTS.computeIfAbsent("jdk", k -> build(null));
  }

  /** The client trusting exactly the CA certificates whose PEM content is {@code caPem}. */
  static synchronized HttpClient trusting(byte[] caPem, TlsContext context) throws IOException {
    String key = "ca:" + sha256(caPem);
    HttpClient client = CLIENTS.get(key);
    if (client == null) {
      client = build(context.build());
      CLIENTS.put(key, client);
    }
    return client;
  }

  private static HttpClient build(SSLContext context) {
    var builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
    if (context != null) {
      builder.sslContext(context);
    }
    return builder.build();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
