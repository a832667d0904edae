package io.reunir.operator.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The operator's few questions to a policy's Elasticsearch: how many nodes reported since a time,
 * which nodes it holds, and removing a node that left the cluster. Plain HTTP + Jackson: three
 * queries do not justify a second client next to the agent's. TLS is verified against the policy's
 * CA (or the JDK's trust store); never switched off.
 */
public final class InventoryStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int DELETE_BATCH = 1000;
  private static final int MAX_DELETE_ROUNDS = 100;

  /** Credentials as read from the policy's Secrets; any may be null. */
  public record Credentials(String apiKey, String username, String password, String caPem) {}

  /** Elasticsearch answered with an error, or could not be reached; the message says which. */
  public static final class StoreException extends IOException {
    private final boolean answered;

    public StoreException(String message) {
      this(message, false);
    }

    public StoreException(String message, boolean answered) {
      super(message);
      this.answered = answered;
    }

    /** True when Elasticsearch was reached and refused (auth, missing privilege, bad request). */
    public boolean answered() {
      return answered;
    }
  }

  private final URI base;
  private final String prefix;
  private final String authorization;
  private final HttpClient http;

  private InventoryStore(URI base, String prefix, String authorization, HttpClient http) {
    this.base = base;
    this.prefix = prefix;
    this.authorization = authorization;
    this.http = http;
  }

  public static InventoryStore connect(List<String> urls, String indexPrefix, Credentials credentials)
      throws StoreException {
    var builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (credentials.caPem() != null) {
      builder.sslContext(trusting(credentials.caPem()));
    }
    String authorization = null;
    if (credentials.apiKey() != null) {
      authorization = "ApiKey " + credentials.apiKey().trim();
    } else if (credentials.username() != null && credentials.password() != null) {
      authorization = "Basic " + Base64.getEncoder().encodeToString(
          (credentials.username().trim() + ":" + credentials.password().trim())
              .getBytes(StandardCharsets.UTF_8));
    }
    String url = urls.get(0).endsWith("/") ? urls.get(0) : urls.get(0) + "/";
    return new InventoryStore(URI.create(url), indexPrefix, authorization, builder.build());
  }

  /** Nodes of this cluster and policy whose node document (the heartbeat) is at or after {@code since}. */
  public int countNodesSeenSince(String cluster, String policy, Instant since) throws StoreException {
    var query = Map.of("query", Map.of("bool", Map.of("filter", List.of(
        term("orchestrator.cluster.name", cluster), term("reunir.policy", policy),
        Map.of("range", Map.of("@timestamp", Map.of("gte", since.toString())))))));
    JsonNode answer = call("POST", prefix + "-nodes/_count?ignore_unavailable=true", query);
    return answer.path("count").asInt();
  }

  /** The node names this cluster and policy have documents for. */
  public Set<String> nodeNames(String cluster, String policy) throws StoreException {
    var query = Map.of("size", 0,
        "query", Map.of("bool", Map.of("filter", List.of(
            term("orchestrator.cluster.name", cluster), term("reunir.policy", policy)))),
        "aggs", Map.of("names", Map.of("terms", Map.of("field", "host.name", "size", 10000))));
    JsonNode answer = call("POST", prefix + "-nodes/_search?ignore_unavailable=true", query);
    var names = new TreeSet<String>();
    answer.path("aggregations").path("names").path("buckets")
        .forEach(b -> names.add(b.path("key").asText()));
    return names;
  }

  /**
   * Deletes a departed node's documents from the state indices and records a {@code node_removed}
   * change event, so the inventory holds no ghosts while its history stays.
   */
  public long removeNode(String cluster, String node, Instant now) throws StoreException {
    var query = Map.of("bool", Map.of("filter", List.of(
        term("orchestrator.cluster.name", cluster), term("host.name", node))));
    String indices = String.join(",", prefix + "-nodes", prefix + "-packages", prefix + "-services");
    // Search-then-bulk-delete rather than _delete_by_query: that lives in the reindex module, which
    // minimal distributions lack. Bounded: a node has at most some thousands of documents.
    long deleted = 0;
    for (int round = 0; round < MAX_DELETE_ROUNDS; round++) {
      JsonNode hits = call("POST", indices + "/_search?ignore_unavailable=true",
          Map.of("size", DELETE_BATCH, "_source", false, "query", query)).path("hits").path("hits");
      if (hits.isEmpty()) {
        break;
      }
      var bulk = new StringBuilder();
      for (JsonNode hit : hits) {
        bulk.append("{\"delete\":{\"_index\":").append(jsonString(hit.path("_index").asText()))
            .append(",\"_id\":").append(jsonString(hit.path("_id").asText())).append("}}\n");
      }
      JsonNode result = callRaw("POST", "_bulk?refresh=true", bulk.toString(), "application/x-ndjson");
      for (JsonNode item : result.path("items")) {
        int status = item.path("delete").path("status").asInt();
        if (status == 200) {
          deleted++;
        } else if (status != 404) {
          throw new StoreException(base + " refused to delete " + item.path("delete").path("_id").asText()
              + ": " + item.path("delete").path("error").path("reason").asText("status " + status));
        }
      }
    }
    var event = Map.of(
        "@timestamp", now.toString(),
        "orchestrator", Map.of("cluster", Map.of("name", cluster)),
        "host", Map.of("name", node),
        "event", Map.of("kind", "event", "action", "node_removed"));
    call("POST", prefix + "-changes/_doc?refresh=true", event);
    return deleted;
  }

  private static String jsonString(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> term(String field, String value) {
    return Map.of("term", Map.of(field, value));
  }

  private JsonNode call(String method, String path, Object body) throws StoreException {
    try {
      return callRaw(method, path, JSON.writeValueAsString(body), "application/json");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode callRaw(String method, String path, String body, String contentType)
      throws StoreException {
    HttpResponse<String> response;
    try {
      var request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
          .header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StoreException("cannot reach " + base + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted talking to " + base);
    }
    if (response.statusCode() >= 300) {
      throw new StoreException(base + " answered " + response.statusCode() + " to " + method + " "
          + path.replaceAll("\\?.*", "") + ": " + reason(response.body()), true);
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new StoreException(base + " answered with something that is not JSON");
    }
  }

  private static String reason(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      String text = error.isTextual() ? error.asText() : error.path("reason").asText(null);
      return text == null ? abbreviate(body) : text;
    } catch (IOException e) {
      return abbreviate(body);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }

  private static SSLContext trusting(String caPem) throws StoreException {
    try {
      var certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new StoreException("ca.crt holds no PEM certificate");
      }
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (var certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      var context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new StoreException("ca.crt is not a usable PEM certificate: " + e.getMessage());
    }
  }
}
