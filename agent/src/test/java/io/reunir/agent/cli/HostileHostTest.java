package io.reunir.agent.cli;

import static io.reunir.agent.testing.HostTrees.materialize;
import static io.reunir.agent.testing.HostTrees.mkfifo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host whose files a probe reads are FIFOs: opening one blocks until a writer comes, so before the
 * checked open {@code collect} never returned. The timeout fails the test instead of hanging the build
 * (a thread blocked in open cannot be interrupted; the separate thread is left behind).
 */
class HostileHostTest {
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fifosAreEachProbesNamedErrorAndTheOtherProbesStillReport(@TempDir Path dir) throws Exception {
    Path host = materialize("debian12", dir.resolve("host"));
    mkfifo(host.resolve("etc/os-release"));
    mkfifo(host.resolve("proc/cpuinfo"));
    Files.createDirectories(host.resolve("proc/4242"));
    mkfifo(host.resolve("proc/4242/stat"));

    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code = Main.run(
        List.of("collect", "--host-root", host.toString(), "--probes", "os,hardware,packages,processes"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    List<String> errors = new ArrayList<>();
    json.at("/node/reunir/probe/errors")
        .forEach(e -> errors.add(e.get("probe").asText() + ": " + e.get("error").asText()));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .isEqualTo("os: /etc/os-release is a FIFO, not a regular file"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("hardware: ").endsWith("/proc/cpuinfo is a FIFO, not a regular file"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("processes: ").contains("pid 4242: /proc/4242/stat is a FIFO, not a regular file"));
    // The rest of each probe's host still reports: os facts beside the FIFO, and the other probes.
    assertThat(json.at("/node/host/name").asText()).isEqualTo("deb12-node-1");
    assertThat(json.at("/node/host/os/kernel").asText()).isEqualTo("6.1.0-27-amd64");
    assertThat(json.get("packages")).isNotEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("reunir-agent: os: /etc/os-release is a FIFO, not a regular file");
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoPackageDatabaseIsAnErrorNotAnEmptyDatabase(@TempDir Path dir) throws Exception {
    Path host = materialize("debian12", dir.resolve("host"));
    Files.delete(host.resolve("var/lib/dpkg/status"));
    mkfifo(host.resolve("var/lib/dpkg/status"));

    var out = new ByteArrayOutputStream();
    int code = Main.run(List.of("collect", "--host-root", host.toString(), "--probes", "packages"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.at("/node/reunir/probe/errors/0/error").asText())
        .isEqualTo("dpkg /var/lib/dpkg/status is a FIFO, not a regular file");
    assertThat(json.get("packages")).isEmpty();
  }
}
