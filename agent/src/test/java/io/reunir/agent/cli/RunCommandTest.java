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
