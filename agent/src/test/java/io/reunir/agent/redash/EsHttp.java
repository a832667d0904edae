package io.reunir.agent.redash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP to Elasticsearch, the way Redash's runner talks to it: a JSON body posted to a path, the
 * JSON answer read back whatever its status (Redash shows an {@code error} body as the query's error).
 */
public final class EsHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public EsHttp(URI base) {
    this.base = base;
  }

  URI base() {
    return base;
  }

  /** Sends a request and returns the status with the parsed body. */
  Answer send(String method, String path, String body, String contentType)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json")
        .header("Content-Type", contentType)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    String text = response.body();
    JsonNode json = text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
    return new Answer(response.statusCode(), json);
  }

  /** Sends a JSON request that must succeed. */
  JsonNode ok(String method, String path, String body) throws IOException, InterruptedException {
    Answer answer = send(method, path, body, "application/json");
    if (answer.status() >= 300) {
      throw new IllegalStateException(method + " " + path + " answered " + answer.status() + ": "
          + answer.body());
    }
    return answer.body();
  }

  record Answer(int status, JsonNode body) {}
}
