package io.reunir.operator.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The operator's one HTTP port: {@code /healthz} (liveness: every informer is healthy),
 * {@code /readyz} (readiness: the operator has started) and {@code /metrics} (the Micrometer
 * registry in the Prometheus text format). The JDK's built-in server: three plain-text endpoints
 * need no web framework.
 */
public final class HealthServer implements AutoCloseable {
  /** What {@link PrometheusMeterRegistry#scrape()} writes: the text format every Prometheus reads. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  public static HealthServer start(int port, Operator operator, PrometheusMeterRegistry metrics)
      throws IOException {
    var server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", ex -> {
      var info = operator.getRuntimeInfo();
      boolean healthy = !info.isStarted() || info.allEventSourcesAreHealthy();
      reply(ex, healthy ? 200 : 503, healthy ? "ok\n"
          : "unhealthy event sources: " + info.unhealthyEventSources().keySet() + "\n", "text/plain");
    });
    server.createContext("/readyz", ex -> {
      boolean ready = operator.getRuntimeInfo().isStarted();
      reply(ex, ready ? 200 : 503, ready ? "ok\n" : "starting\n", "text/plain");
    });
    server.createContext("/metrics", ex -> reply(ex, 200, metrics.scrape(), PROMETHEUS_TEXT));
    server.start();
    return new HealthServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
