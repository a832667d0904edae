package io.reunir.contract.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        .hasMessageStartingWith("elasticsearch.apikeyFile: unknown key 'apikeyFile'");
  }

  private static String with(String keys) {
    return "{" + keys + (keys.isEmpty() ? "" : ", ")
        + "\"elasticsearch\": {\"urls\": [\"http://a:9200\"]}}";
  }

  private static String url(String url) {
    return "{\"elasticsearch\": {\"urls\": [\"" + url + "\"]}}";
  }

  /** Each config the agent once accepted, or failed on without naming a field, and the line it gets now. */
  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("null", "top level: null; expected a JSON object"),
        Arguments.of("", "top level: the file is empty"),
        Arguments.of(" \n", "top level: the file is empty"),
        Arguments.of("[]", "top level: expected an object, got a list"),
        Arguments.of(with("\"interval\": 5"), "interval: expected a string, got a number"),
        Arguments.of(with("\"clusterName\": true"), "clusterName: expected a string, got true or false"),
        Arguments.of(with("\"probes\": \"os\""), "probes: expected a list of strings, got a string"),
        Arguments.of(with("\"probes\": [\"os\", null]"), "probes[1]: null"),
        Arguments.of(with("\"files\": [1]"), "files[0]: expected a string, got a number"),
        Arguments.of("{\"elasticsearch\": \"http://a:9200\"}", "elasticsearch: expected an object, got a string"),
        Arguments.of("{\"elasticsearch\": {\"urls\": [\"http://a:9200\", 9200]}}",
            "elasticsearch.urls[1]: expected a string, got a number"),
        Arguments.of("{\"elasticsearch\": {\"urls\": [null]}}", "elasticsearch.urls[0]: null is not a URL"),
        Arguments.of(with("\"interval\": \"1h\", \"interval\": \"2h\""),
            "interval: the key appears more than once"),
        Arguments.of("{\"elasticsearch\": {\"urls\": [\"http://a:9200\"], \"urls\": [\"http://b:9200\"]}}",
            "elasticsearch.urls: the key appears more than once"),
        Arguments.of(with("") + " " + with(""), "top level: text after the JSON object, at line 1"),
        Arguments.of(with("") + " x", "top level: text after the JSON object, at line 1, column 49"),
        Arguments.of("x", "line 1, column 2: not valid JSON: a value that is not JSON (text needs double"),
        Arguments.of("{\"interval\": \"1h\"", "line 1, column 18: not valid JSON"),
        Arguments.of(with("\"interval\": \"9999999999999h\""),
            "interval: '9999999999999h' is longer than the maximum 8760h"),
        Arguments.of(with("\"interval\": \"99999999999999999999999s\""), "interval: '99999999999999999999999s' is longer"),
        Arguments.of(with("\"interval\": \"8760h1s\""), "interval: '8760h1s' is longer than the maximum"),
        Arguments.of(with("\"interval\": \"0h0m\""), "interval: must be longer than 0s"),
        Arguments.of(with("\"jitter\": \"-1s\""), "jitter: '-1s' is not a duration"),
        Arguments.of(url("http://a:99999"), "elasticsearch.urls[0]: 'http://a:99999': port 99999 is not between"),
        Arguments.of(url("http://a:0"), "elasticsearch.urls[0]: 'http://a:0': port 0 is not between"),
        Arguments.of(url("ftp://a:9200"), "elasticsearch.urls[0]: 'ftp://a:9200' does not start with http"),
        Arguments.of(url("a:9200"), "elasticsearch.urls[0]: 'a:9200' does not start with http"),
        Arguments.of(url("http://:9200"), "elasticsearch.urls[0]: 'http://:9200' has no valid host name"),
        Arguments.of(url("http://es_1:9200"), "elasticsearch.urls[0]: 'http://es_1:9200' has no valid host"),
        Arguments.of(url("http://a:9200?pretty"), "elasticsearch.urls[0]: 'http://a:9200?pretty' has a query"),
        Arguments.of(url("http://a:9200#x"), "elasticsearch.urls[0]: 'http://a:9200#x' has a query or fragment"),
        Arguments.of(url("http://a:9200/es/../x"), "elasticsearch.urls[0]: 'http://a:9200/es/../x': the path"),
        Arguments.of(url("http://a:9200 "), "elasticsearch.urls[0]: 'http://a:9200 ' is not a URL"),
        Arguments.of("{\"elasticsearch\": {\"urls\": [\"http://a:9200\"], \"indexPrefix\": \"Reunir\"}}",
            "elasticsearch.indexPrefix: 'Reunir' is not"),
        Arguments.of("{\"elasticsearch\": {\"urls\": [\"http://a:9200\"], \"apiKeyFile\": \"/k\","
            + " \"usernameFile\": \"/u\", \"passwordFile\": \"/p\"}}", "elasticsearch.apiKeyFile: set with usernameFile"),
        Arguments.of("{\"elasticsearch\": {\"urls\": [\"http://a:9200\"], \"caFile\": \"/ca\\u0000\"}}",
            "elasticsearch.caFile: not a usable path"),
        Arguments.of(with("\"hostRoot\": \"\""), "hostRoot: empty"),
        Arguments.of(with("\"files\": [null]"), "files[0]: null"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badConfigs")
  void everyBadConfigIsOneLineNamingTheField(String json, String expected) {
    assertThatThrownBy(() -> AgentConfig.parse(json))
        .isInstanceOf(AgentConfig.InvalidConfigException.class)
        .hasMessageStartingWith(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "java.", "io.reunir"));
  }

  @Test
  void credentialsInAUrlAreRefusedWithoutShowingThem() {
    assertThatThrownBy(() -> AgentConfig.parse(url("https://u:s3cr3t@host:9200")))
        .hasMessageStartingWith("elasticsearch.urls[0]: 'https://***@host:9200' holds credentials")
        .hasMessageContaining("apiKeyFile").hasMessageNotContaining("s3cr3t");
    // A password with characters a URL parser stumbles on must not show either.
    assertThatThrownBy(() -> AgentConfig.parse(url("https://u:s3 c/r#3t@host:9200")))
        .hasMessageStartingWith("elasticsearch.urls[0]").hasMessageNotContaining("s3");
  }

  @Test
  void aBaseUrlMayCarryAProxyPathPrefix() throws Exception {
    var config = AgentConfig.parse(url("https://proxy.example/es/"));
    assertThat(EsUrls.parse(config.elasticsearch().urls().get(0))).hasToString("https://proxy.example/es");
    assertThat(EsUrls.parse("http://[::1]:9200")).hasToString("http://[::1]:9200");
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
    assertThat(Durations.parse("8760h")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("525600m")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("000000000000000000001s")).isEqualTo(Duration.ofSeconds(1));
  }
}
