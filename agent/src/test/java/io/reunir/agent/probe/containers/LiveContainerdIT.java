package io.reunir.agent.probe.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.ContainerRecord;
import io.reunir.agent.model.ContainerRecord.State;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.packages.PackagesProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real container started by Debian's containerd and runc, read through the live runtime state of
 * this machine ({@code /} as the host root): an image built here from this machine's own
 * {@code /bin/sleep} with its libraries and its dpkg status file, imported with {@code ctr}, run in the
 * CRI namespace with the CRI plugin's annotations. The oracle is this machine's {@code dpkg-query}.
 * Skips, saying why, unless it runs as root with {@code containerd}, {@code ctr} and {@code runc}
 * installed; it starts containerd itself when none is running and stops what it started.
 */
class LiveContainerdIT {
  private static final String NAMESPACE = "k8s.io";
  private static final String IMAGE = "reunir.test/sleep-dpkg:1";
  private static final String ID = "reunir-live-" + ProcessHandle.current().pid();
  private static Process containerd;

  @BeforeAll
  static void containerdIsThere() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run containers");
    for (String tool : List.of("containerd", "ctr", "runc", "dpkg-query")) {
      assumeTrue(run(List.of("sh", "-c", "command -v " + tool)).exit() == 0, tool + " is not installed"
          + " (apt-get install containerd runc)");
    }
    if (run(List.of("ctr", "version")).exit() != 0) {
      Path log = Files.createTempFile("containerd", ".log");
      containerd = new ProcessBuilder("containerd").redirectErrorStream(true).redirectOutput(log.toFile()).start();
      for (int i = 0; i < 100 && run(List.of("ctr", "version")).exit() != 0; i++) {
        // Waits for the daemon's socket; it is up in well under a second on a 2-core machine.
        if (!containerd.isAlive()) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
      assumeTrue(run(List.of("ctr", "version")).exit() == 0,
          "containerd did not start here: " + Files.readString(log).lines().reduce((a, b) -> b).orElse(""));
    }
  }

  @AfterAll
  static void stopWhatWasStarted() throws Exception {
    run(List.of("ctr", "-n", NAMESPACE, "task", "kill", "-s", "SIGKILL", ID));
    for (int i = 0; i < 50 && run(List.of("ctr", "-n", NAMESPACE, "task", "delete", ID)).exit() != 0; i++) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    run(List.of("ctr", "-n", NAMESPACE, "container", "delete", ID));
    run(List.of("ctr", "-n", NAMESPACE, "image", "remove", IMAGE));
    if (containerd != null) {
      containerd.destroy();
      containerd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRunningContainersPackagesAreReadThroughTheRuntimesState(@TempDir Path dir) throws Exception {
    Path image = buildImage(dir);
    assertThat(run(List.of("ctr", "-n", NAMESPACE, "image", "import", "--base-name", "reunir.test/sleep-dpkg",
        image.toString())).exit()).isZero();
    var started = run(List.of("ctr", "-n", NAMESPACE, "run", "-d",
        "--annotation", "io.kubernetes.cri.container-type=container",
        "--annotation", "io.kubernetes.cri.sandbox-namespace=live",
        "--annotation", "io.kubernetes.cri.sandbox-name=live-pod",
        "--annotation", "io.kubernetes.cri.sandbox-uid=live-uid",
        "--annotation", "io.kubernetes.cri.container-name=sleeper",
        "--annotation", "io.kubernetes.cri.image-name=" + IMAGE,
        IMAGE, ID, "/bin/sleep", "600"));
    // containerd runs but this machine may not let it start a container (no overlay, no namespaces):
    // that is the machine's limit, said as the reason; what is tested is reading one that runs.
    assumeTrue(started.exit() == 0, "containerd cannot start a container here: " + started.output().strip());

    var snapshot = Snapshot.builder("live", Instant.now());
    new ContainersProbe(new PackagesProbe(), new ImageCache()).collect(new HostRoot(Path.of("/")), snapshot);
    ContainerRecord live = snapshot.build().containers().stream().filter(c -> c.id().equals(ID))
        .findFirst().orElseThrow();

    assertThat(live.runtime()).isEqualTo("containerd");
    assertThat(live.pod()).isEqualTo(new ContainerRecord.PodRef("live", "live-pod", "live-uid", "sleeper"));
    assertThat(live.started()).isNotNull();
    assertThat(live.content().state()).as(live.content().error()).isEqualTo(State.READ);
    var dpkg = run(List.of("dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${Package}\\n"));
    List<String> installed = dpkg.output().lines().filter(l -> l.matches("^[a-z][iUFWt]. .*"))
        .map(l -> l.substring(l.indexOf(' ') + 1).strip()).sorted().toList();
    assertThat(live.content().image().packages().stream().map(p -> p.name()).sorted().toList())
        .isNotEmpty().containsExactlyElementsOf(installed);
  }

  /**
   * An OCI image layout archive of one layer: {@code /bin/sleep} with the libraries {@code ldd}
   * names, and this machine's os-release and dpkg status.
   */
  private static Path buildImage(Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("rootfs"));
    List<String> files = new ArrayList<>(List.of("/bin/sleep", "/etc/os-release", "/var/lib/dpkg/status"));
    for (String line : run(List.of("ldd", "/bin/sleep")).output().lines().toList()) {
      for (String word : line.strip().split("\\s+")) {
        if (word.startsWith("/")) {
          files.add(word);
        }
      }
    }
    for (String file : files) {
      Path real = Path.of(file).toRealPath();
      Path target = root.resolve(file.substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(real, target);
    }
    for (String d : List.of("proc", "dev", "sys", "tmp")) {
      Files.createDirectories(root.resolve(d));
    }
    Path oci = Files.createDirectories(dir.resolve("oci/blobs/sha256"));
    Path layer = dir.resolve("layer.tar");
    assertThat(run(List.of("tar", "-C", root.toString(), "-cf", layer.toString(), ".")).exit()).isZero();
    var json = new ObjectMapper();
    byte[] layerBytes = Files.readAllBytes(layer);
    String layerDigest = blob(oci, layerBytes);
    ObjectNode config = json.createObjectNode().put("architecture", "amd64").put("os", "linux");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add("sha256:" + layerDigest);
    byte[] configBytes = json.writeValueAsBytes(config);
    ObjectNode manifest = json.createObjectNode().put("schemaVersion", 2)
        .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("digest", "sha256:" + blob(oci, configBytes)).put("size", configBytes.length);
    manifest.putArray("layers").addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar")
        .put("digest", "sha256:" + layerDigest).put("size", layerBytes.length);
    byte[] manifestBytes = json.writeValueAsBytes(manifest);
    ObjectNode index = json.createObjectNode().put("schemaVersion", 2);
    index.putArray("manifests").addObject().put("mediaType", "application/vnd.oci.image.manifest.v1+json")
        .put("digest", "sha256:" + blob(oci, manifestBytes)).put("size", manifestBytes.length)
        .putObject("annotations").put("org.opencontainers.image.ref.name", "1");
    Files.write(dir.resolve("oci/index.json"), json.writeValueAsBytes(index));
    Files.writeString(dir.resolve("oci/oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Path archive = dir.resolve("image.tar");
    assertThat(run(List.of("tar", "-C", dir.resolve("oci").toString(), "-cf", archive.toString(), ".")).exit())
        .isZero();
    return archive;
  }

  private static String blob(Path dir, byte[] bytes) throws Exception {
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Files.write(dir.resolve(digest), bytes);
    return digest;
  }

  record Ran(int exit, String output) {}

  private static Ran run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Ran(-1, out);
    }
    return new Ran(p.exitValue(), out);
  }
}
