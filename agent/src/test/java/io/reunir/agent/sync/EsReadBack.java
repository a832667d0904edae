package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.net.URI;
import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Reads what the agent wrote with Elastic's own low-level client, independent of the typed client the
 * agent writes with: a bug in how the agent uses it cannot hide itself.
 */
final class EsReadBack implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RestClient rest;

  EsReadBack(URI url) {
    rest = RestClient.builder(HttpHost.create(url.toString())).build();
  }

  JsonNode call(String method, String path, String body) throws IOException {
    var request = new Request(method, path);
    if (body != null) {
      request.setJsonEntity(body);
    }
    try {
      var response = rest.performRequest(request);
      return response.getEntity() == null ? JSON.nullNode() : JSON.readTree(EntityUtils.toString(response.getEntity()));
    } catch (ResponseException e) {
      return JSON.readTree(EntityUtils.toString(e.getResponse().getEntity()));
    }
  }

  /** Removes a prefix's indices and templates, so a test starts clean on a reused cluster too. */
  EsReadBack reset(String prefix) throws IOException {
    for (String name : IndexLayout.NAMES) {
      // Wildcard deletes are refused by default (action.destructive_requires_name).
      call("DELETE", "/" + prefix + "-" + name + "-v1?ignore_unavailable=true", null);
      call("DELETE", "/_index_template/" + prefix + "-" + name, null);
    }
    return this;
  }

  void refresh(String prefix) throws IOException {
    call("POST", "/" + prefix + "-*/_refresh", null);
  }

  long count(String alias) throws IOException {
    return call("GET", "/" + alias + "/_count", null).path("count").asLong();
  }

  JsonNode get(String alias, String id) throws IOException {
    return call("GET", "/" + alias + "/_doc/" + java.net.URLEncoder.encode(id, "UTF-8"), null);
  }

  JsonNode search(String alias, String body) throws IOException {
    return call("POST", "/" + alias + "/_search", body);
  }

  /** Index operations (creates plus updates) and deletes across the prefix's indices. */
  long[] writes(String prefix) throws IOException {
    JsonNode all = call("GET", "/" + prefix + "-*/_stats/indexing", null).path("_all").path("primaries")
        .path("indexing");
    return new long[] {all.path("index_total").asLong(), all.path("delete_total").asLong()};
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }
}
