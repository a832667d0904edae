package io.reunir.contract.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract's Elasticsearch access against a real Elasticsearch (here, where the test node lives). */
@ExtendWith(ElasticsearchExtension.class)
class EsClientsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void aUrlThatDoesNotAnswerFailsOverToTheNext(ElasticsearchNode es) throws Exception {
    URI dead = URI.create("http://127.0.0.1:" + freePort());
    var client = EsClients.connect(new EsEndpoint(List.of(dead, es.url()), null, null), TIMEOUT);
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(client.cluster().health().clusterName()).isEqualTo("reunir-test");
      }
    } finally {
      client._transport().close();
    }
  }

  @Test
  void theClientsThreadsNeverKeepAProcessAlive(ElasticsearchNode es) throws Exception {
    var client = EsClients.connect(new EsEndpoint(List.of(es.url()), null, null), TIMEOUT);
    try {
      client.cluster().health();
      var threads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("elasticsearch-client-")).toList();
      assertThat(threads).isNotEmpty().allMatch(Thread::isDaemon);
    } finally {
      client._transport().close();
    }
  }

  @Test
  void urlsWithDifferentPathPrefixesAreRefusedNamingTheUrl() {
    var endpoint = new EsEndpoint(List.of(URI.create("http://a:9200/es"), URI.create("http://b:9200")), null, null);
    assertThatThrownBy(() -> EsClients.connect(endpoint, TIMEOUT))
        .isInstanceOf(IOException.class).hasMessageStartingWith("elasticsearch.urls[1]:");
  }

  @Test
  void aCaThatIsNoCertificateIsAnErrorThatQuotesNothingOfIt() {
    byte[] pem = "-----BEGIN CERTIFICATE-----\nc2VjcmV0\n-----END CERTIFICATE-----\n"
        .getBytes(StandardCharsets.US_ASCII);
    var endpoint = new EsEndpoint(List.of(URI.create("https://a:9200")), null, pem);
    assertThatThrownBy(() -> EsClients.connect(endpoint, TIMEOUT))
        .isInstanceOf(IOException.class).hasMessageStartingWith("elasticsearch.caFile:")
        .hasMessageNotContaining("c2VjcmV0");
  }

  @Test
  void credentialsNeverShowInTheEndpointsText() {
    var endpoint = new EsEndpoint(List.of(URI.create("https://a:9200")),
        new EsCredentials.Basic("elastic", "hunter2"), null);
    assertThat(endpoint.toString()).doesNotContain("hunter2").doesNotContain("elastic");
    assertThat(new EsCredentials.ApiKey("c2VjcmV0").toString()).doesNotContain("c2VjcmV0");
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
