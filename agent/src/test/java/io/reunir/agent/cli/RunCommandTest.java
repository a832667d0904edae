package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code run} command's failures: each one line, with a non-zero exit. */
class RunCommandTest {
  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onceAgainstNothingListeningExitsOneWithTheReason() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("agent.json"), "{\"hostRoot\": \"" + dir
        + "\", \"probes\": [\"os\"], \"elasticsearch\": {\"urls\": [\"http://127.0.0.1:" + port + "\"]}}");

    assertThat(run("run", "--config", config.toString(), "--once")).isEqualTo(1);
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).startsWith("reunir-agent: sync failed: ").contains("connection refused");
  }

  @Test
  void aConfigWithATypoIsRefusedNamingTheKey() throws Exception {
    Path config = Files.writeString(dir.resolve("agent.json"),
        "{\"intervall\": \"1h\", \"elasticsearch\": {\"urls\": [\"http://127.0.0.1:9200\"]}}");

    assertThat(run("run", "--config", config.toString(), "--once")).isEqualTo(1);
    assertThat(err()).contains("unknown key 'intervall'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "", "{\"interval\": 5, \"elasticsearch\": {\"urls\": [\"http://a:9200\"]}}",
      "{\"interval\": \"9999999999999h\", \"elasticsearch\": {\"urls\": [\"http://a:9200\"]}}",
      "{\"interval\": \"1h\", \"interval\": \"2h\", \"elasticsearch\": {\"urls\": [\"http://127.0.0.1:9\"]}}",
      "{\"elasticsearch\": {\"urls\": [\"http://a:9200\"]}} {}",
      "{\"elasticsearch\": {\"urls\": [\"http://a:99999\"]}}",
      "{\"elasticsearch\": {\"urls\": [\"https://u:s3cr3t@host:9200\"]}}"})
  void aBadConfigIsOneLineNamingTheFieldWithoutAStackTrace(String json) throws Exception {
    Path config = Files.writeString(dir.resolve("agent.json"), json);

    assertThat(run("run", "--config", config.toString(), "--once")).isEqualTo(1);
    assertThat(err().lines()).hasSize(1).first().asString()
        .matches("reunir-agent: config " + java.util.regex.Pattern.quote(config.toString())
            + ": (top level|interval|elasticsearch(\\.urls(\\[0])?)?): \\S.*")
        .doesNotContain("s3cr3t", "Exception");
  }

  @Test
  void aMissingConfigFileIsOneLine() {
    assertThat(run("run", "--config", dir.resolve("absent.json").toString(), "--once")).isEqualTo(1);
    assertThat(err()).isEqualTo("reunir-agent: config " + dir.resolve("absent.json") + ": does not exist\n");
  }

  @Test
  void anApiKeyFileWithTwoLinesIsRefusedNamingTheFileNotTheKey() throws Exception {
    Path key = Files.writeString(dir.resolve("apiKey"), "firstHalfOfTheKey\nsecondHalfOfTheKey\n");
    Path config = Files.writeString(dir.resolve("agent.json"), "{\"hostRoot\": \"" + dir
        + "\", \"probes\": [\"os\"], \"elasticsearch\": {\"urls\": [\"http://127.0.0.1:9\"],"
        + " \"apiKeyFile\": \"" + key + "\"}}");

    assertThat(run("run", "--config", config.toString(), "--once")).isEqualTo(1);
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).startsWith("reunir-agent: sync failed: elasticsearch.apiKeyFile: file " + key)
        .contains("more than one line").doesNotContain("HalfOfTheKey");
  }

  @Test
  void runWithoutConfigIsAUsageError() {
    assertThat(run("run", "--once")).isEqualTo(2);
    assertThat(err()).contains("run needs --config FILE");
  }

  @Test
  void helpListsRun() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("run --config FILE [--once]");
  }
}
