package io.reunir.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code reunir-agent collect} in a new JVM, as people run it: the hardware probe is checked
 * through the whole command and its exit status, and each host root gets a JVM of its own because
 * OSHI reads one host root per process (see {@code OshiHost}).
 */
public final class FreshJvm {
  private FreshJvm() {}

  public static JsonNode collect(Path hostRoot, String probes, String... jvmOptions)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.reunir.agent.cli.Main",
        "collect", "--host-root", hostRoot.toString(), "--probes", probes));
    var process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("collect did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("collect exited with " + process.exitValue());
    }
    return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
  }

  /** The {@code probe: error} lines of a node document. */
  public static List<String> errors(JsonNode node) {
    List<String> errors = new ArrayList<>();
    node.at("/reunir/probe/errors")
        .forEach(e -> errors.add(e.get("probe").asText() + ": " + e.get("error").asText()));
    return errors;
  }
}
