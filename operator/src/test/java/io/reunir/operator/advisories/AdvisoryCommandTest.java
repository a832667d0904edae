package io.reunir.operator.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisoryCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AdvisoryCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void usageErrorsExitTwoAndSayWhat() {
    assertThat(run("--export", "x")).isEqualTo(2);
    assertThat(err()).contains("--export and --elasticsearch are required");
    assertThat(run("--bogus", "1")).isEqualTo(2);
    assertThat(err()).contains("unknown option '--bogus'");
    assertThat(run("--export")).isEqualTo(2);
    assertThat(err()).contains("--export needs a value");
    assertThat(run("--export", "/does/not/exist", "--elasticsearch", "http://127.0.0.1:1")).isEqualTo(2);
    assertThat(err()).contains("--export: /does/not/exist does not exist");
    assertThat(run("--export", ".", "--elasticsearch", "ftp://x")).isEqualTo(2);
    assertThat(err()).contains("elasticsearch.urls[0]");
  }

  @Test
  void anUnreachableElasticsearchExitsThree() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(run("--export", AdvisoryFleet.OSV.resolve("distros").toString(), "--elasticsearch",
        "http://127.0.0.1:" + port)).isEqualTo(3);
    assertThat(err()).contains("elasticsearch [http://127.0.0.1:" + port + "]");
  }

  @Test
  void helpPrintsTheUsage() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Exit status: 0 clean");
  }
}
