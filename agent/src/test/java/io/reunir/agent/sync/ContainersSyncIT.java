package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.containers.ContainersProbe;
import io.reunir.agent.probe.containers.ImageCache;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.testing.ContainerRuntimes;
import io.reunir.agent.testing.ContainerRuntimes.Pod;
import io.reunir.agent.testing.ContainerRuntimes.Tree;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.config.ElasticsearchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The containers of a node and their images through whole sync cycles against a real
 * Elasticsearch: containers through the node's delta, images once per fingerprint for the fleet.
 */
@ExtendWith(ElasticsearchExtension.class)
class ContainersSyncIT {
  @TempDir Path dir;

  static String id(int n) {
    return String.format("%064x", 0xbeef00L + n);
  }

  static Pod pod(String name, String image) {
    return new Pod("shop", name, "uid-" + name, "app", image);
  }

  /** One node: its host root, its probe cache and its sync engine, as one agent process has them. */
  static final class Node {
    final String name;
    final ContainerRuntimes runtimes;
    final ImageCache cache = new ImageCache();
    final SyncEngine engine = new SyncEngine(SyncEngine.Settings.defaults());
    int cycle;

    Node(String name, Path host) {
      this.name = name;
      this.runtimes = new ContainerRuntimes(host);
    }

    SyncEngine.CycleReport sync(ElasticsearchConfig config) throws Exception {
      var clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * cycle++), ZoneOffset.UTC);
      List<Probe> probes = List.of(new ContainersProbe(new PackagesProbe(), cache));
      Snapshot snapshot = new SnapshotCollector(clock).collect(new HostRoot(runtimes.host()), probes, name);
      assertThat(snapshot.errors()).isEmpty();
      return engine.sync(snapshot, TestInventory.CONTEXT, config);
    }
  }

  /** ubuntu2204's and distroless-debian12's package counts, from their dpkg-query lists. */
  static int packages(String host) throws Exception {
    return (int) Files.readAllLines(Path.of("src/test/resources/hosts", host, "expected-packages.tsv")).stream()
        .filter(l -> !l.startsWith("#")).count();
  }

  @Test
  void imagesAreWrittenOnceAndContainersFollowTheNodesDelta(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("ctr").close();
    var config = TestInventory.es(es.url().toString(), "ctr");
    var node = new Node("node-a", Files.createDirectories(dir.resolve("a")));
    node.runtimes.containerd(id(1), pod("web-1", "ubuntu:22.04"), new Tree("ubuntu2204"));
    node.runtimes.containerd(id(2), pod("web-2", "ubuntu:22.04"), new Tree("ubuntu2204"));
    Path job = node.runtimes.crio(id(3), pod("job-1", "gcr.io/distroless/base-debian12"),
        "sha256:" + "ab".repeat(32), "2026-12-01T09:00:00Z", new Tree("distroless-debian12"));
    int ubuntu = packages("ubuntu2204");
    int distroless = packages("distroless-debian12");

    var first = node.sync(config);

    assertThat(first.converged()).isTrue();
    assertThat(first.images()).isEqualTo(ubuntu + 1 + distroless + 1);
    assertThat(first.written()).isEqualTo(3);
    String ubuntuPrint;
    try (var read = new EsReadBack(es.url())) {
      read.refresh("ctr");
      assertThat(read.count("ctr-containers")).isEqualTo(3);
      assertThat(read.count("ctr-images")).isEqualTo(ubuntu + 1 + distroless + 1);
      JsonNode web = read.get("ctr-containers", "test-cluster/node-a/" + id(1)).path("_source");
      assertThat(web.at("/kubernetes/pod/name").asText()).isEqualTo("web-1");
      assertThat(web.at("/reunir/container/state").asText()).isEqualTo("read");
      assertThat(web.at("/reunir/scope").asText()).isEqualTo("container");
      ubuntuPrint = web.at("/reunir/container/fingerprint").asText();
      JsonNode manifest = read.get("ctr-images", ubuntuPrint).path("_source");
      assertThat(manifest.at("/reunir/image/complete").asBoolean()).isTrue();
      assertThat(manifest.at("/reunir/image/packages").asInt()).isEqualTo(ubuntu);
      JsonNode openssl = read.search("ctr-images", "{\"query\":{\"bool\":{\"filter\":["
          + "{\"term\":{\"reunir.image.fingerprint\":\"" + ubuntuPrint + "\"}},"
          + "{\"term\":{\"package.name\":\"openssl\"}}]}}}").at("/hits/hits/0/_source");
      assertThat(openssl.at("/host/os/platform").asText()).isEqualTo("ubuntu");
      assertThat(openssl.at("/host/os/version").asText()).isEqualTo("22.04");
      assertThat(openssl.has("orchestrator")).isFalse();
      assertThat(openssl.at("/host/name").isMissingNode()).isTrue();
    }

    // Unchanged: no image document, no container document; only the heartbeat.
    var unchanged = node.sync(config);
    assertThat(unchanged.images()).isZero();
    assertThat(unchanged.written()).isZero();
    assertThat(unchanged.documents()).isEqualTo(1);

    // A container stops, another starts: one delete, one write, within the cycle; images stay.
    node.runtimes.stop(job);
    node.runtimes.containerd(id(4), pod("web-3", "ubuntu:22.04"), new Tree("ubuntu2204"));
    var changed = node.sync(config);
    assertThat(changed.deleted()).isEqualTo(1);
    assertThat(changed.written()).isEqualTo(1);
    assertThat(changed.images()).isZero();
    assertThat(changed.events()).isEqualTo(2);
    try (var read = new EsReadBack(es.url())) {
      read.refresh("ctr");
      assertThat(read.get("ctr-containers", "test-cluster/node-a/" + id(3)).path("found").asBoolean()).isFalse();
      assertThat(read.count("ctr-containers")).isEqualTo(3);
      assertThat(read.count("ctr-images")).isEqualTo(ubuntu + 1 + distroless + 1);
      JsonNode events = read.search("ctr-changes", "{\"query\":{\"term\":{\"container.id\":\"" + id(3) + "\"}}}");
      assertThat(events.at("/hits/hits/0/_source/event/action").asText()).isEqualTo("container_stopped");
    }
  }

  @Test
  void aSecondNodeRunningTheSameImageWritesNoImageDocument(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("fleet").close();
    var config = TestInventory.es(es.url().toString(), "fleet");
    var a = new Node("node-a", Files.createDirectories(dir.resolve("a")));
    var b = new Node("node-b", Files.createDirectories(dir.resolve("b")));
    a.runtimes.containerd(id(1), pod("dns-a", "ubuntu:22.04"), new Tree("ubuntu2204"));
    b.runtimes.crio(id(2), pod("dns-b", "ubuntu:22.04"), "sha256:" + "cd".repeat(32), "2026-12-01T09:00:00Z",
        new Tree("ubuntu2204"));

    var first = a.sync(config);
    var second = b.sync(config);

    assertThat(first.images()).isEqualTo(packages("ubuntu2204") + 1);
    assertThat(second.converged()).isTrue();
    assertThat(second.images()).isZero();
    assertThat(second.written()).isEqualTo(1);
    try (var read = new EsReadBack(es.url())) {
      read.refresh("fleet");
      assertThat(read.count("fleet-images")).isEqualTo(packages("ubuntu2204") + 1);
      assertThat(read.count("fleet-containers")).isEqualTo(2);
    }
  }

  @Test
  void noManifestIsWrittenWhileAPackageDocumentOfItsImageIsRefused(ElasticsearchNode es) throws Exception {
    try (var read = new EsReadBack(es.url())) {
      read.reset("partial");
      // An images index whose mapping refuses package documents, as a damaged or hand-made one would.
      read.call("PUT", "/partial-images-v1", "{\"aliases\":{\"partial-images\":{\"is_write_index\":true}},"
          + "\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"@timestamp\":{\"type\":\"date\"},"
          + "\"host\":{\"type\":\"object\",\"dynamic\":\"true\"},"
          + "\"reunir\":{\"type\":\"object\",\"dynamic\":\"true\"}}}}");
    }
    var config = TestInventory.es(es.url().toString(), "partial");
    var node = new Node("node-a", Files.createDirectories(dir.resolve("a")));
    node.runtimes.containerd(id(1), pod("web-1", "gcr.io/distroless/base-debian12"),
        new Tree("distroless-debian12"));

    var report = node.sync(config);

    assertThat(report.converged()).isFalse();
    assertThat(report.failures()).isNotEmpty();
    assertThat(report.images()).isZero();
    try (var read = new EsReadBack(es.url())) {
      read.refresh("partial");
      assertThat(read.count("partial-images")).isZero();
      // The container is written: it names a fingerprint whose manifest is not there yet.
      assertThat(read.count("partial-containers")).isEqualTo(1);
    }
  }
}
