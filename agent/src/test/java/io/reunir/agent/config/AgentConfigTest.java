package io.reunir.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void readsTheDocumentedExampleAndFillsDefaults() throws Exception {
    var config = AgentConfig.parse("""
        {"clusterName": "prod-eu-1", "policy": "all-nodes", "interval": "1h30m", "jitter": "10m",
         "elasticsearch": {"urls": ["https://es.example:9200"], "apiKeyFile": "/etc/reunir/es/apiKey",
                           "caFile": "/etc/reunir/es-ca/ca.crt"}}
        """);

    assertThat(config.intervalDuration()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.hostRoot()).isEqualTo("/host");
    assertThat(config.probes()).isEqualTo(AgentConfig.DEFAULT_PROBES);
    assertThat(config.elasticsearch().indexPrefix()).isEqualTo("reunir");
    assertThat(AgentConfig.parse(config.toJson())).isEqualTo(config);
  }

  @Test
  void unknownKeysAreNamed() {
    assertThatThrownBy(() -> AgentConfig.parse("""
        {"elasticsearch": {"urls": ["http://localhost:9200"], "apikeyFile": "/x"}}"""))
        .hasMessageContaining("unknown key 'apikeyFile'");
  }

  @Test
  void wrongValuesNameTheirField() {
    assertThatThrownBy(() -> AgentConfig.parse("{\"elasticsearch\": {\"urls\": []}}"))
        .hasMessageStartingWith("elasticsearch.urls");
    assertThatThrownBy(() -> AgentConfig.parse(
        "{\"interval\": \"1 hour\", \"elasticsearch\": {\"urls\": [\"http://a:9200\"]}}"))
        .hasMessageStartingWith("interval");
    assertThatThrownBy(() -> AgentConfig.parse(
        "{\"interval\": \"5m\", \"jitter\": \"10m\", \"elasticsearch\": {\"urls\": [\"http://a:9200\"]}}"))
        .hasMessageStartingWith("jitter");
    assertThatThrownBy(() -> AgentConfig.parse(
        "{\"elasticsearch\": {\"urls\": [\"http://a:9200\"], \"usernameFile\": \"/u\"}}"))
        .hasMessageContaining("passwordFile");
  }

  @Test
  void durationsRoundTrip() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.format(Duration.ofSeconds(5400))).isEqualTo("1h30m");
    assertThatThrownBy(() -> Durations.parse("1d")).isInstanceOf(IllegalArgumentException.class);
  }
}
