package io.reunir.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP requests Elasticsearch has served, per REST route ({@code _nodes/stats/http}'s {@code routes}),
 * so a benchmark step can say how many requests of each kind it cost: the difference of two counts.
 * Only meaningful while nothing else talks to that Elasticsearch.
 */
public final class EsRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private EsRequests() {}

  /** Requests served so far, by route, over every node. */
  public static Map<String, Long> byRoute(String esUrl) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(esUrl + "/_nodes/stats/http")).GET().build();
    var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET _nodes/stats/http answered " + response.statusCode());
    }
    Map<String, Long> counts = new TreeMap<>();
    for (JsonNode node : JSON.readTree(response.body()).path("nodes")) {
      var routes = node.path("http").path("routes");
      routes.fieldNames().forEachRemaining(route ->
          counts.merge(route, routes.path(route).path("requests").path("count").asLong(), Long::sum));
    }
    return counts;
  }

  /** What was served between {@code before} and {@code after}, the stats request itself left out. */
  public static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach((route, count) -> {
      long d = count - before.getOrDefault(route, 0L) - (route.equals("/_nodes/stats/{metric}") ? 1 : 0);
      if (d > 0) {
        delta.put(route, d);
      }
    });
    return delta;
  }

  public static long total(Map<String, Long> delta) {
    return delta.values().stream().mapToLong(Long::longValue).sum();
  }
}
