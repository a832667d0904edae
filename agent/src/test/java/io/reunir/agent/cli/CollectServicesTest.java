package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.testing.HostTrees;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect} end to end on the cgroup v2 fixture: services by default, processes when asked. */
class CollectServicesTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private JsonNode collect(String... extra) throws Exception {
    HostTrees.materialize("cgroupv2", dir);
    List<String> args = new ArrayList<>(List.of("collect", "--host-root", dir.toString()));
    args.addAll(List.of(extra));
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void servicesAreCollectedByDefault() throws Exception {
    JsonNode json = collect();

    assertThat(json.get("services")).hasSize(13);
    assertThat(json.get("services").findValuesAsText("name")).contains("ssh.service", "getty@tty1.service");
    assertThat(json.has("processes")).as("processes are opt-in").isFalse();
  }

  @Test
  void processesWhenAskedFor() throws Exception {
    JsonNode json = collect("--probes", "services,processes");

    assertThat(json.get("processes")).hasSize(11);
    assertThat(json.at("/node/reunir/probe/errors").isMissingNode()).isTrue();
  }
}
