package io.reunir.agent.probe.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code reunir-agent collect} in a new JVM, as people run it: the hardware probe is checked
 * through the whole command and its exit status.
 */
final class FreshJvm {
  private FreshJvm() {}

  static JsonNode collect(Path hostRoot, String probes) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    var process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.reunir.agent.cli.Main",
                    "collect",
                    "--host-root",
                    hostRoot.toString(),
                    "--probes",
                    probes))
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
}
