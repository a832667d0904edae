package io.reunir.agent.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dpkg status of 1,000,000 stanzas, read by the agent jar under the image's own JVM flags (taken
 * from {@code agent/Dockerfile}, so the test follows the image): before the package budget the heap
 * ran out; now it is one error line naming the file and what to raise, and no package is emitted.
 */
class HugeStatusIT {
  private static final int STANZAS = 1_000_000;

  @Test
  void aStatusThatCannotFitTheImagesHeapIsOneErrorLineNotAnOutOfMemoryError(@TempDir Path dir)
      throws Exception {
    Path host = dir.resolve("host");
    Path status = host.resolve("var/lib/dpkg/status");
    Files.createDirectories(status.getParent());
    writeStatus(status, STANZAS);
    Path output = dir.resolve("collect.json");

    List<String> command = new ArrayList<>(imageJvmFlags());
    command.addAll(List.of("-jar", "target/reunir-agent.jar", "collect", "--probes", "packages",
        "--host-root", host.toString(), "--output", output.toString()));
    Path stderr = dir.resolve("stderr.txt");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("collect did not finish");
    }

    List<String> errLines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
    assertThat(String.join("\n", errLines)).doesNotContain("OutOfMemoryError");
    assertThat(process.exitValue()).isZero();
    assertThat(errLines).singleElement().asString()
        .startsWith("reunir-agent: packages: dpkg /var/lib/dpkg/status ("
            + String.format("%,d", Files.size(status)) + " bytes) holds more than ")
        .contains("raise the pod's memory limit and -Xmx");
    var json = new ObjectMapper().readTree(output.toFile());
    assertThat(json.get("packages")).isEmpty();
  }

  /** The ENTRYPOINT's JVM options, without the class-data archive the build does not make. */
  static List<String> imageJvmFlags() throws IOException {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    int start = dockerfile.indexOf("ENTRYPOINT [");
    int end = dockerfile.indexOf(']', start);
    var entrypoint = new ObjectMapper().readTree(
        dockerfile.substring(start + "ENTRYPOINT ".length(), end + 1).replace("\\\n", ""));
    List<String> flags = new ArrayList<>();
    flags.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (var arg : entrypoint) {
      String value = arg.asText();
      if (value.equals("-jar")) {
        break;
      }
      if (value.startsWith("-") && !value.startsWith("-XX:SharedArchiveFile")) {
        flags.add(value);
      }
    }
    assertThat(flags).contains("-Xmx48m", "-XX:+ExitOnOutOfMemoryError");
    return flags;
  }

  /** Short stanzas in dpkg's format: the count is what is hostile, not the size of each. */
  private static void writeStatus(Path status, int stanzas) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(status, StandardCharsets.UTF_8)) {
      for (int i = 0; i < stanzas; i++) {
        out.write("Package: pkg");
        out.write(Integer.toString(i));
        out.write("\nStatus: install ok installed\nInstalled-Size: 12\nArchitecture: amd64\n"
            + "Version: 1.0-");
        out.write(Integer.toString(i % 97));
        out.write("\nDescription: generated package\n\n");
      }
    }
  }
}
