package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsTheNodeDocumentOfAFixtureHost() throws Exception {
    int code = run("collect", "--host-root", "src/test/resources/hosts/debian12", "--probes", "os");

    assertThat(code).isZero();
    var json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.at("/node/host/name").asText()).isEqualTo("deb12-node-1");
    assertThat(json.at("/node/host/os/platform").asText()).isEqualTo("debian");
    assertThat(json.at("/node/host/os/family").asText()).isEqualTo("debian");
    assertThat(json.at("/node/host/os/version").asText()).isEqualTo("12");
    assertThat(json.at("/node/host/os/kernel").asText()).isEqualTo("6.1.0-27-amd64");
    assertThat(json.get("packages").isArray()).isTrue();
    assertThat(json.get("services").isArray()).isTrue();
  }

  @Test
  void filesOptionAddsTheOptInFilesProbe() throws Exception {
    int code = run("collect", "--host-root", "src/test/resources/hosts/debian12", "--probes", "os",
        "--files", "/etc/hostname, /etc/nope");

    assertThat(code).isZero();
    var files = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).at("/node/reunir/files");
    assertThat(files).hasSize(2);
    assertThat(files.get(0).get("path").asText()).isEqualTo("/etc/hostname");
    assertThat(files.get(0).get("size").asLong()).isEqualTo(
        java.nio.file.Files.size(java.nio.file.Path.of("src/test/resources/hosts/debian12/etc/hostname")));
    assertThat(files.get(0).get("sha256").asText()).hasSize(64);
    assertThat(files.get(1).get("error").asText()).isEqualTo("no such file");
  }

  @Test
  void withoutFilesTheFilesProbeDoesNotRun() throws Exception {
    assertThat(run("collect", "--host-root", "src/test/resources/hosts/debian12", "--probes", "os"))
        .isZero();
    assertThat(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).at("/node/reunir/files")
        .isMissingNode()).isTrue();
  }

  @Test
  void packagesOfAFixtureHostCarryVersionKeysAndNodeFields() throws Exception {
    int code = run("collect", "--host-root", "src/test/resources/hosts/ubuntu2204", "--probes", "os,packages");

    assertThat(code).isZero();
    var json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    var packages = json.get("packages");
    assertThat(packages).hasSize(10);
    var vim = java.util.stream.StreamSupport.stream(packages.spliterator(), false)
        .filter(p -> p.at("/package/name").asText().equals("vim-tiny")).findFirst().orElseThrow();
    assertThat(vim.at("/package/version").asText()).isEqualTo("2:8.2.3995-1ubuntu2.15");
    assertThat(vim.at("/package/type").asText()).isEqualTo("deb");
    assertThat(vim.at("/package/size").asLong()).isEqualTo(1720 * 1024L);
    assertThat(vim.at("/reunir/package/version_key").asText())
        .isEqualTo(io.reunir.contract.version.DebVersionKey.of("2:8.2.3995-1ubuntu2.15"));
    assertThat(vim.at("/reunir/package/source").asText()).isEqualTo("vim");
    assertThat(vim.at("/reunir/package/epoch").asText()).isEqualTo("2");
    assertThat(vim.at("/host/os/platform").asText()).isEqualTo("ubuntu");
    // The fixture has no proc tree, so only the os probe may complain.
    json.at("/node/reunir/probe/errors").forEach(e -> assertThat(e.get("probe").asText()).isEqualTo("os"));
  }

  @Test
  void missingHostRootIsOneLineAndNonZero() {
    int code = run("collect", "--host-root", "/does/not/exist");

    assertThat(code).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8).strip()).contains("/does/not/exist").doesNotContain("\n");
  }

  @Test
  void unknownProbeIsAUsageError() {
    assertThat(run("collect", "--probes", "os,bogus")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown probe 'bogus'");
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("collect");
  }
}
