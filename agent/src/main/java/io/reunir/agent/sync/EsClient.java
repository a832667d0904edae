package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.config.EsUrls;
import io.reunir.contract.config.SecretFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small Elasticsearch REST client over {@code java.net.http}: the agent ships no Elasticsearch
 * client library. Several URLs fail over in order, starting from the last one that answered.
 * Credentials are read from their files when the client is built and live only in the
 * {@code Authorization} header; they never appear in a message.
 */
public final class EsClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final List<URI> urls;
  private final HttpClient http;
  private final String authorization;
  private final Duration requestTimeout;
  private int current;

  /** An HTTP response: status and body text. */
  public record Response(int status, String body) {
    public JsonNode json() throws EsException {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new EsException(EsException.Kind.IO, status, "unreadable JSON in a response");
      }
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private EsClient(List<URI> urls, HttpClient http, String authorization, Duration requestTimeout) {
    this.urls = urls;
    this.http = http;
    this.authorization = authorization;
    this.requestTimeout = requestTimeout;
  }

  public static EsClient connect(ElasticsearchConfig config) throws IOException {
    return connect(config, DEFAULT_REQUEST_TIMEOUT);
  }

  /** Reads the credential and CA files now; a missing or bad file is an error naming the setting. */
  public static EsClient connect(ElasticsearchConfig config, Duration requestTimeout) throws IOException {
    HttpClient http;
    if (config.caFile() == null) {
      http = HttpClients.jdkTrust();
    } else {
      Path caFile = Path.of(config.caFile());
      byte[] caPem = readCa(caFile);
      http = HttpClients.trusting(caPem, () -> trusting(caPem, caFile));
    }
    var urls = new ArrayList<URI>();
    for (int i = 0; i < config.urls().size(); i++) {
      try {
        urls.add(EsUrls.parse(config.urls().get(i)));
      } catch (IllegalArgumentException e) {
        throw new IOException("elasticsearch.urls[" + i + "]: " + e.getMessage());
      }
    }
    return new EsClient(List.copyOf(urls), http, authorization(config), requestTimeout);
  }

  private static String authorization(ElasticsearchConfig config) throws IOException {
    if (config.apiKeyFile() != null) {
      return "ApiKey " + SecretFile.API_KEY.read(config.apiKeyFile());
    }
    if (config.usernameFile() != null) {
      String user = SecretFile.USERNAME.read(config.usernameFile());
      String password = SecretFile.PASSWORD.read(config.passwordFile());
      return "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  private static byte[] readCa(Path caFile) throws IOException {
    try {
      return Files.readAllBytes(caFile);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("elasticsearch.caFile: " + caFile + " does not exist");
    } catch (IOException e) {
      throw new IOException("elasticsearch.caFile: cannot read " + caFile + " ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * An SSLContext that trusts exactly the CA certificates of a PEM file's content (read once, by
   * {@link #readCa}); hostnames are still verified.
   */
  static SSLContext trusting(byte[] caPem, Path caFile) throws IOException {
    try {
      var certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(caPem));
      if (certificates.isEmpty()) {
        throw new IOException("elasticsearch.caFile: no certificate in " + caFile);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("elasticsearch.caFile: " + caFile + " is not a PEM certificate ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  public Response get(String path) throws EsException {
    return send("GET", path, (byte[]) null, null);
  }

  public Response put(String path, String body) throws EsException {
    return send("PUT", path, body, "application/json");
  }

  public Response post(String path, String body) throws EsException {
    return send("POST", path, body, "application/json");
  }

  /**
   * A bulk request whose targets must be aliases: should an index vanish, Elasticsearch refuses the
   * write instead of auto-creating a concrete index without the template's mapping. The response
   * keeps only what {@link BulkSender} reads (each item's status and error, in order): a full answer
   * repeats index, id, version, sequence number and shard counts for every document.
   */
  public Response bulk(byte[] ndjson) throws EsException {
    return send("POST", "/_bulk?require_alias=true&filter_path=errors,items.*.status,items.*.error",
        ndjson, "application/x-ndjson");
  }

  public Response send(String method, String path, String body, String contentType) throws EsException {
    return send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  /**
   * Sends one request, trying each URL once from the last good one. A response of any status is
   * returned; only failing to get a response moves on to the next URL.
   */
  public Response send(String method, String path, byte[] body, String contentType) throws EsException {
    EsException last = null;
    for (int attempt = 0; attempt < urls.size(); attempt++) {
      int index = (current + attempt) % urls.size();
      try {
        Response response = sendTo(urls.get(index), method, path, body, contentType);
        current = index;
        return response;
      } catch (EsException e) {
        last = e;
      }
    }
    throw last;
  }

  private Response sendTo(URI base, String method, String path, byte[] body, String contentType)
      throws EsException {
    HttpRequest request;
    try {
      request = request(base, method, path, body, contentType);
    } catch (IllegalArgumentException e) {
      // The JDK's message quotes the refused URI or header value, and a header value may be a secret.
      throw new EsException(EsException.Kind.IO, 0, base + ": cannot build the " + method
          + " request (" + e.getClass().getSimpleName() + ")");
    }
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (HttpConnectTimeoutException e) {
      throw new EsException(EsException.Kind.TIMEOUT, 0, base + ": connect timed out");
    } catch (HttpTimeoutException e) {
      throw new EsException(EsException.Kind.TIMEOUT, 0, base + ": no answer within " + requestTimeout);
    } catch (ConnectException e) {
      throw new EsException(EsException.Kind.CONNECTION_REFUSED, 0, base + ": connection refused");
    } catch (SSLException e) {
      throw new EsException(EsException.Kind.TLS, 0, base + ": TLS failure (" + e.getMessage() + ")");
    } catch (IOException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SSLException ssl) {
        throw new EsException(EsException.Kind.TLS, 0, base + ": TLS failure (" + ssl.getMessage() + ")");
      }
      throw new EsException(EsException.Kind.IO, 0, base + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EsException(EsException.Kind.IO, 0, "interrupted");
    }
  }

  private HttpRequest request(URI base, String method, String path, byte[] body, String contentType) {
    var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
        .header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }

  /** Turns a non-2xx response into the typed error, with Elasticsearch's own short reason. */
  public static EsException error(String what, Response response) {
    String reason = reason(response.body());
    return new EsException(EsException.kindOf(response.status()),
        response.status(), what + ": HTTP " + response.status() + (reason == null ? "" : " " + reason));
  }

  static String reason(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isTextual()) {
        return error.asText();
      }
      String type = error.path("type").asText("");
      String reason = error.path("reason").asText("");
      return (type + " " + reason).strip();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
