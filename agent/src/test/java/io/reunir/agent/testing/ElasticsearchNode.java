package io.reunir.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One real Elasticsearch node for a test run: the official distribution the build unpacked, started
 * on free loopback ports with a fresh data folder, stopped with everything it spawned.
 *
 * <p>Elasticsearch refuses to run as root, and CI runs as root: then the distribution is copied into a
 * temporary folder owned by the unprivileged user 65534 and started through {@code setpriv}, so the
 * build tree itself (which may sit under a folder that user cannot enter) is never handed over.
 */
public final class ElasticsearchNode implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
  private static final int UNPRIVILEGED_ID = 65534;

  private volatile URI url;
  private final Process process;
  private final Path workDir;

  private ElasticsearchNode(URI url, Process process, Path workDir) {
    this.url = url;
    this.process = process;
    this.workDir = workDir;
  }

  /** A node that someone else runs (REUNIR_TEST_ES_URL); closing it does nothing. */
  static ElasticsearchNode external(URI url) {
    return new ElasticsearchNode(url, null, null);
  }

  public URI url() {
    return url;
  }

  /** Starts the distribution at {@code home} with the JDK at {@code javaHome}. */
  static ElasticsearchNode start(Path home, Path javaHome) throws IOException, InterruptedException {
    if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
      throw new IllegalStateException(
          "No Elasticsearch distribution at " + home + ": run the build through Maven"
              + " (it unpacks org.elasticsearch.distribution.integ-test-zip) or set REUNIR_TEST_ES_URL");
    }
    boolean root = isRoot();
    Path workDir = Files.createTempDirectory("reunir-es-");
    Path runHome = home;
    if (root) {
      runHome = workDir.resolve("home");
      copyTree(home, runHome);
    }
    Path data = Files.createDirectories(workDir.resolve("data"));
    Path logs = Files.createDirectories(workDir.resolve("logs"));
    Path tmp = Files.createDirectories(workDir.resolve("tmp"));
    if (root) {
      run("chown", "-R", UNPRIVILEGED_ID + ":" + UNPRIVILEGED_ID, workDir.toString());
    }
    List<String> command = new ArrayList<>();
    if (root) {
      command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID,
          "--clear-groups"));
    }
    command.add(runHome.resolve("bin/elasticsearch").toString());
    for (String setting : List.of(
        "discovery.type=single-node",
        "network.host=127.0.0.1",
        // Port 0: the node binds free ports itself and writes them to logs/http.ports, so no other
        // process can take a port between our choosing it and Elasticsearch binding it.
        "http.port=0",
        "transport.port=0",
        "node.portsfile=true",
        "path.data=" + data,
        "path.logs=" + logs,
        "xpack.security.enabled=false",
        "cluster.name=reunir-test",
        "cluster.routing.allocation.disk.threshold_enabled=false",
        "action.destructive_requires_name=false")) {
      command.add("-E");
      command.add(setting);
    }
    var builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve("console.log").toFile());
    builder.environment().put("ES_JAVA_HOME", javaHome.toString());
    builder.environment().put("ES_JAVA_OPTS", "-Xms384m -Xmx384m");
    builder.environment().put("ES_TMPDIR", tmp.toString());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Process process = builder.start();
    var node = new ElasticsearchNode(null, process, workDir);
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "elasticsearch-stop"));
    try {
      node.awaitHealthy();
    } catch (RuntimeException | InterruptedException e) {
      node.close();
      throw e;
    }
    return node;
  }

  private void awaitHealthy() throws InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    Path portsFile = workDir.resolve("logs").resolve("http.ports");
    while (url == null) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Elasticsearch exited with code " + process.exitValue()
            + " before it bound its HTTP port. Last lines of its log:\n" + logTail());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("Elasticsearch wrote no " + portsFile + " within "
            + STARTUP_TIMEOUT.toSeconds() + " s. Last lines of its log:\n" + logTail());
      }
      try {
        List<String> lines = Files.exists(portsFile) ? Files.readAllLines(portsFile) : List.of();
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          url = URI.create("http://" + lines.get(0).strip());
        }
      } catch (IOException e) {
        // Written but not yet complete: read it again on the next turn.
      }
      if (url == null) {
        Thread.sleep(100);
      }
    }
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var request = HttpRequest.newBuilder(url.resolve("/_cluster/health?wait_for_status=yellow&timeout=2s"))
        .timeout(Duration.ofSeconds(5)).build();
    String last = "no answer yet";
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Elasticsearch exited with code " + process.exitValue()
            + " before it became healthy. Last lines of its log:\n" + logTail());
      }
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Elasticsearch at " + url + " was not healthy within "
        + STARTUP_TIMEOUT.toSeconds() + " s (last answer: " + last + "). Last lines of its log:\n"
        + logTail());
  }

  private String logTail() {
    var lines = new StringBuilder();
    for (String name : List.of("console.log", "reunir-test.log")) {
      Path file = workDir.resolve("logs").resolve(name);
      try {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.append("--- ").append(file).append('\n');
        all.subList(Math.max(0, all.size() - 40), all.size())
            .forEach(l -> lines.append(l).append('\n'));
      } catch (IOException e) {
        lines.append("--- ").append(file).append(": ").append(e.getMessage()).append('\n');
      }
    }
    return lines.toString();
  }

  /** Stops the node and every process it started (the launcher runs the server as a child). */
  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
    deleteTree(workDir);
  }

  private static boolean isRoot() throws IOException {
    return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
  }

  private static void copyTree(Path from, Path to) throws IOException, InterruptedException {
    run("cp", "-a", from.toString(), to.toString());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temp folder is harmless; the process is what must not survive.
    }
  }

  /** Major version of the JDK at {@code javaHome}, from its {@code release} file. */
  static int javaMajor(Path javaHome) {
    var props = new Properties();
    try (InputStream in = Files.newInputStream(javaHome.resolve("release"))) {
      props.load(in);
    } catch (IOException e) {
      return -1;
    }
    String version = props.getProperty("JAVA_VERSION", "\"-1\"").replace("\"", "");
    String major = version.startsWith("1.") ? version.substring(2) : version;
    int end = 0;
    while (end < major.length() && Character.isDigit(major.charAt(end))) {
      end++;
    }
    return end == 0 ? -1 : Integer.parseInt(major.substring(0, end));
  }
}
