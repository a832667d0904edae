package io.reunir.operator.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.LibraryUse;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.registry.Probes;
import io.reunir.agent.sync.SyncEngine;
import io.reunir.contract.config.ElasticsearchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The agent's fixture fleet as the match sees it: each host collected by the agent's own probes and
 * synced by its own {@link SyncEngine}, with its host name as node pool.
 */
final class AdvisoryFleet {
  static final Path FLEET = Path.of("../agent/src/test/resources/hosts/fleet");
  static final Path OSV = Path.of("../advisories/src/test/resources/osv");
  static final DocumentContext CONTEXT = new DocumentContext("prod-eu-1", "all-nodes", "test");

  private AdvisoryFleet() {}

  static void sync(ElasticsearchConfig config, Path root, String host) throws Exception {
    sync(config, root, host, null);
  }

  /**
   * Syncs {@code host}; {@code libraries}, when not null, stands for what the libraries probe read
   * from the host's memory maps (the fixtures have no running processes).
   */
  static void sync(ElasticsearchConfig config, Path root, String host, LibraryUse libraries) throws Exception {
    Snapshot s = new SnapshotCollector(Clock.systemUTC()).collect(new HostRoot(root),
        Probes.named(List.of("os", "packages")), host + "-node");
    var kubernetes = new KubernetesFacts(Map.of("eks.amazonaws.com/nodegroup", host), List.of(),
        "v1.31.4", "containerd://1.7.24", null, null, null);
    var snapshot = new Snapshot(s.scanId(), s.collectedAt(), s.nodeName(), s.os(), s.hardware(), kubernetes,
        s.packages(), s.services(), s.processes(), s.files(), s.containers(), s.errors(), s.runningProgramsKnown(),
        libraries != null ? libraries : s.libraryUse(), s.collected(), s.complete());
    assertThat(new SyncEngine(SyncEngine.Settings.defaults()).sync(snapshot, CONTEXT, config).converged())
        .as(host).isTrue();
  }

  /** Each document's {@code _version} by id: which documents a pass rewrote. */
  static Map<String, Long> versions(ElasticsearchClient es, String index) throws IOException {
    var versions = new TreeMap<String, Long>();
    es.search(s -> s.index(index).size(100).version(true), ObjectNode.class).hits().hits()
        .forEach(hit -> versions.put(hit.id(), hit.version()));
    return versions;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
