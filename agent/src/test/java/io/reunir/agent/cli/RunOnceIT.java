package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.agent.testing.HostTrees;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --once} tells a person, in its exit code and one line, when a probe could not read. */
@ExtendWith(ElasticsearchExtension.class)
class RunOnceIT {
  @Test
  void aProbeThatCannotReadItsDatabaseMakesTheCycleExitOneNamingTheProbeAndThePath(
      ElasticsearchNode es, @TempDir Path dir) throws Exception {
    Path host = HostTrees.materialize("debian12", dir.resolve("host"));
    Path config = Files.writeString(dir.resolve("agent.json"), "{\"hostRoot\": \"" + host
        + "\", \"probes\": [\"os\", \"packages\"], \"elasticsearch\": {\"urls\": [\"" + es.url()
        + "\"], \"indexPrefix\": \"runonce\"}}");
    assertThat(run(config).code()).isZero();
    // The next process reads the node's state back: make the first one's writes searchable.
    var refresh = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            es.url().resolve("/runonce-*/_refresh")).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(refresh.statusCode()).isEqualTo(200);

    Path status = host.resolve("var/lib/dpkg/status");
    Files.delete(status);
    Files.createSymbolicLink(status, status.getFileName()); // unreadable for root too: a link loop
    var broken = run(config);

    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.err().lines()).hasSize(1);
    assertThat(broken.err()).startsWith("reunir-agent: probe packages: ")
        .contains("/var/lib/dpkg/status", "kept as they were, not removed: packages/deb");
    assertThat(broken.out()).contains("0 deletes", "0 change events");
  }

  private record Result(int code, String out, String err) {}

  private static Result run(Path config) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code = Main.run(List.of("run", "--config", config.toString(), "--once"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
