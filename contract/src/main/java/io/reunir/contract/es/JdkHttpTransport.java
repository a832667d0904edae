package io.reunir.contract.es;

import co.elastic.clients.transport.DefaultTransportOptions;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.util.BinaryData;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;

/**
 * HTTP plumbing for the Elasticsearch Java client over the JDK's {@code java.net.http} client, through
 * the client's pluggable {@link TransportHttpClient}: it sends the requests the Java client builds and
 * hands back the raw answers, nothing more. It is not an Elasticsearch client (no API, no JSON). It
 * spares the agent the low-level REST client and its Apache HTTP stack, and their I/O threads
 * (bench/PROFILES.md). A request that gets no answer at all moves on to the next URL, starting from the
 * last one that answered; an answer of any status is returned as it is.
 */
final class JdkHttpTransport implements TransportHttpClient {
  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "expect",
      "upgrade");

  private final List<URI> urls;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final String authorization;
  private volatile int current;

  JdkHttpTransport(List<URI> urls, SSLContext tls, Duration connectTimeout, Duration requestTimeout,
      String authorization) {
    this.urls = List.copyOf(urls);
    var builder = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
    this.requestTimeout = requestTimeout;
    this.authorization = authorization;
  }

  @Override
  public TransportOptions createOptions(TransportOptions options) {
    return options == null ? DefaultTransportOptions.EMPTY : options;
  }

  @Override
  public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
      throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < urls.size(); attempt++) {
      int index = (current + attempt) % urls.size();
      try {
        var response = http.send(build(urls.get(index), request, options),
            HttpResponse.BodyHandlers.ofByteArray());
        current = index;
        return new JdkResponse(new Node(urls.get(index)), response);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      } catch (IOException e) {
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
      }
    }
    throw last;
  }

  @Override
  public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
      TransportOptions options) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return performRequest(endpointId, node, request, options);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    });
  }

  private HttpRequest build(URI base, Request request, TransportOptions options) {
    Map<String, String> params = new LinkedHashMap<>(request.queryParams());
    if (options != null) {
      params.putAll(options.queryParameters());
    }
    var uri = new StringBuilder(base.toString().replaceAll("/+$", "")).append(request.path());
    char separator = '?';
    for (var param : params.entrySet()) {
      uri.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
      separator = '&';
    }
    var builder = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(requestTimeout)
        .method(request.method(), body(request.body()));
    request.headers().forEach((name, value) -> header(builder, name, value));
    if (options != null) {
      options.headers().forEach(header -> header(builder, header.getKey(), header.getValue()));
    }
    if (authorization != null) {
      builder.setHeader("Authorization", authorization);
    }
    return builder.build();
  }

  private static void header(HttpRequest.Builder builder, String name, String value) {
    if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
      builder.setHeader(name, value);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The body as the client laid it out, with a length: a bulk request's documents are sent from their
   * own arrays, not copied into one.
   */
  private static HttpRequest.BodyPublisher body(Iterable<ByteBuffer> buffers) {
    if (buffers == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    List<byte[]> parts = new ArrayList<>();
    long length = 0;
    for (ByteBuffer buffer : buffers) {
      parts.add(bytes(buffer));
      length += buffer.remaining();
    }
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(parts), length);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
        && buffer.remaining() == buffer.array().length) {
      return buffer.array();
    }
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }

  @Override
  public void close() {
    // A JDK 17 HttpClient cannot be closed: its thread ends once the client is collected.
  }

  private record JdkResponse(Node node, HttpResponse<byte[]> response) implements Response {
    @Override
    public int statusCode() {
      return response.statusCode();
    }

    @Override
    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    @Override
    public List<String> headers(String name) {
      return response.headers().allValues(name);
    }

    @Override
    public BinaryData body() {
      byte[] body = response.body();
      return body == null || body.length == 0 ? null
          : BinaryData.of(body, response.headers().firstValue("Content-Type").orElse("application/json"));
    }

    @Override
    public Object originalResponse() {
      return response;
    }

    @Override
    public void close() {
      // The body is read whole; nothing to release.
    }
  }
}
