package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.os.OsProbe;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.agent.testing.HostTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed read is not an absence, and drift of any kind repairs within one cycle: real probes on a
 * fixture host, real Elasticsearch, each test on its own prefix.
 */
@ExtendWith(ElasticsearchExtension.class)
class SyncTruthIT {
  private static final List<Probe> PROBES = List.of(new OsProbe(), new PackagesProbe());
  /** The fixture's installed packages (one of its stanzas is only config files left behind). */
  private static final int DEBIAN12_PACKAGES = 38;

  /** One node whose host root a test breaks and mends; each cycle an hour after the last. */
  private static final class Node {
    final Path root;
    private Instant time = Instant.parse("2026-11-30T00:00:00Z");

    Node(Path root) {
      this.root = root;
    }

    Snapshot snapshot() {
      return snapshotOf(root);
    }

    Snapshot snapshotOf(Path hostRoot) {
      time = time.plus(Duration.ofHours(1));
      return new SnapshotCollector(Clock.fixed(time, ZoneOffset.UTC), 2)
          .collect(new HostRoot(hostRoot), PROBES, "node-t");
    }

    Path status() {
      return root.resolve("var/lib/dpkg/status");
    }
  }

  private static Node debianNode(Path dir) throws Exception {
    return new Node(HostTrees.materialize("debian12", dir));
  }

  private static SyncEngine.CycleReport sync(SyncEngine engine, Snapshot snapshot, String prefix,
      ElasticsearchNode es) throws Exception {
    return engine.sync(snapshot, TestInventory.CONTEXT, TestInventory.es(es.url().toString(), prefix));
  }

  @Test
  void anUnreadableStatusKeepsEveryPackageAndAnnouncesNothingThenRecoversSilently(
      ElasticsearchNode es, @TempDir Path dir) throws Exception {
    new EsReadBack(es.url()).reset("unread").close();
    var node = debianNode(dir);
    var engine = new SyncEngine(SyncEngine.Settings.defaults());
    assertThat(sync(engine, node.snapshot(), "unread", es).written()).isEqualTo(DEBIAN12_PACKAGES);

    // As root, mode 000 does not stop a read; a link loop fails the same way for every user.
    Path saved = dir.resolve("status.saved");
    Files.move(node.status(), saved);
    Files.createSymbolicLink(node.status(), node.status().getFileName());
    var broken = node.snapshot();
    var unread = sync(engine, broken, "unread", es);

    assertThat(broken.errors()).anySatisfy(error -> assertThat(error.error())
        .contains("/var/lib/dpkg/status"));
    assertThat(unread.deleted()).isZero();
    assertThat(unread.events()).isZero();
    assertThat(unread.stale()).containsOnlyKeys("packages/deb");
    try (var read = new EsReadBack(es.url())) {
      read.refresh("unread");
      assertThat(read.count("unread-packages")).isEqualTo(DEBIAN12_PACKAGES);
      JsonNode heartbeat = read.get("unread-nodes", "test-cluster/node-t").path("_source");
      assertThat(heartbeat.at("/reunir/probe/stale/0/scope").asText()).isEqualTo("packages/deb");
      assertThat(heartbeat.at("/reunir/probe/stale/0/since").asText())
          .isEqualTo(broken.collectedAt().toString());
      assertThat(heartbeat.at("/reunir/probe/errors/0/probe").asText()).isEqualTo("packages");

      Files.delete(node.status());
      Files.move(saved, node.status());
      var recovered = sync(engine, node.snapshot(), "unread", es);
      read.refresh("unread");

      assertThat(recovered.documents()).isEqualTo(1); // nothing changed on the node: only the heartbeat
      assertThat(recovered.stale()).isEmpty();
      assertThat(read.count("unread-changes")).isZero();
      assertThat(read.get("unread-nodes", "test-cluster/node-t").at("/_source/reunir/probe").isMissingNode())
          .isTrue();
    }
  }

  @Test
  void aMissingHostRootDeletesNothing(ElasticsearchNode es, @TempDir Path dir) throws Exception {
    new EsReadBack(es.url()).reset("noroot").close();
    var node = debianNode(dir.resolve("host"));
    var engine = new SyncEngine(SyncEngine.Settings.defaults());
    sync(engine, node.snapshot(), "noroot", es);

    var missing = node.snapshotOf(dir.resolve("no-such-host"));
    var report = sync(engine, missing, "noroot", es);

    assertThat(missing.errors()).extracting(e -> e.error())
        .allSatisfy(error -> assertThat(error).contains("no-such-host", "does not exist"));
    assertThat(report.deleted()).isZero();
    assertThat(report.events()).isZero();
    try (var read = new EsReadBack(es.url())) {
      read.refresh("noroot");
      assertThat(read.count("noroot-packages")).isEqualTo(DEBIAN12_PACKAGES);
    }
  }

  @Test
  void aBrokenStanzaNeverRemovesThePackageItCouldNotParse(ElasticsearchNode es, @TempDir Path dir)
      throws Exception {
    new EsReadBack(es.url()).reset("partial").close();
    var node = debianNode(dir);
    var engine = new SyncEngine(SyncEngine.Settings.defaults());
    sync(engine, node.snapshot(), "partial", es);

    // One stanza loses its Version line: dpkg would refuse it, the agent cannot vouch for it.
    String status = Files.readString(node.status());
    String broken = status.replaceFirst("(Package: bash\n(?:[^\n]+\n)*?)Version: [^\n]+\n", "$1");
    assertThat(broken).isNotEqualTo(status);
    Files.writeString(node.status(), broken);
    var partial = node.snapshot();
    var report = sync(engine, partial, "partial", es);

    assertThat(partial.packages()).extracting(p -> p.name()).doesNotContain("bash");
    assertThat(partial.errors()).isNotEmpty();
    assertThat(report.deleted()).isZero();
    assertThat(report.events()).isZero();
    try (var read = new EsReadBack(es.url())) {
      read.refresh("partial");
      assertThat(read.get("partial-packages", "test-cluster/node-t/deb/bash/amd64").path("found")
          .asBoolean()).isTrue();
    }

    // A whole read that really lacks a package is a removal, with its event.
    Files.writeString(node.status(), status.replaceFirst("Package: bash\n(?:[^\n]+\n)*\n", ""));
    var removed = sync(engine, node.snapshot(), "partial", es);
    assertThat(removed.deleted()).isEqualTo(1);
    assertThat(removed.events()).isEqualTo(1);
  }

  @Test
  void aWipedClusterIsRefilledByTheNextCycleWithoutEvents(ElasticsearchNode es, @TempDir Path dir)
      throws Exception {
    new EsReadBack(es.url()).reset("wiped").close();
    var node = debianNode(dir);
    var engine = new SyncEngine(SyncEngine.Settings.defaults());
    sync(engine, node.snapshot(), "wiped", es);
    try (var read = new EsReadBack(es.url())) {
      read.reset("wiped"); // indices and templates gone, as after a restart with its data wiped

      var report = sync(engine, node.snapshot(), "wiped", es);
      read.refresh("wiped");

      assertThat(report.drifted()).isTrue();
      assertThat(report.converged()).isTrue();
      assertThat(report.written()).isEqualTo(DEBIAN12_PACKAGES);
      assertThat(report.events()).isZero();
      assertThat(read.count("wiped-packages")).isEqualTo(DEBIAN12_PACKAGES);
      assertThat(read.count("wiped-changes")).isZero();
    }
  }

  @Test
  void aClusterRestoredFromAnOlderSnapshotIsBroughtForwardTheNextCycle(ElasticsearchNode es,
      @TempDir Path dir) throws Exception {
    new EsReadBack(es.url()).reset("restored").close();
    var node = debianNode(dir);
    var engine = new SyncEngine(SyncEngine.Settings.defaults());
    sync(engine, node.snapshot(), "restored", es);
    String id = "test-cluster/node-t/deb/bash/amd64";
    try (var read = new EsReadBack(es.url())) {
      read.refresh("restored");
      JsonNode old = read.get("restored-packages", id).path("_source");

      String status = Files.readString(node.status());
      String version = old.at("/package/version").asText();
      Files.writeString(node.status(), status.replaceFirst(
          "(Package: bash\n(?:[^\n]+\n)*?)Version: " + java.util.regex.Pattern.quote(version) + "\n",
          "$1Version: " + version + "+fix1\n"));
      var upgraded = sync(engine, node.snapshot(), "restored", es);
      assertThat(upgraded.events()).isEqualTo(1);

      // The restore puts back the document as it was before the upgrade: same count, older content.
      read.call("PUT", "/restored-packages/_doc/" + java.net.URLEncoder.encode(id, "UTF-8")
          + "?refresh=true", old.toString());
      var repaired = sync(engine, node.snapshot(), "restored", es);
      read.refresh("restored");

      assertThat(repaired.drifted()).isTrue();
      assertThat(repaired.written()).isEqualTo(1);
      assertThat(read.get("restored-packages", id).at("/_source/package/version").asText())
          .isEqualTo(version + "+fix1");
    }
  }

  @Test
  void changeEventsRefusedAsAWholeAreSentAgainUntilAcknowledgedAndNeverTwice(ElasticsearchNode es,
      @TempDir Path dir) throws Exception {
    new EsReadBack(es.url()).reset("events").close();
    var node = debianNode(dir);
    var settings = new SyncEngine.Settings(Duration.ofHours(24), 2 * 1024 * 1024,
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), 3, Duration.ofSeconds(30));
    var engine = new SyncEngine(settings);
    try (var proxy = new FaultProxy(es.url()); var read = new EsReadBack(es.url())) {
      var config = TestInventory.es(proxy.url().toString(), "events");
      engine.sync(node.snapshot(), TestInventory.CONTEXT, config);

      // The first ten stanzas removed: the deletes are acknowledged, then every try of the events'
      // bulk is a 503.
      String status = Files.readString(node.status());
      String[] stanzas = status.split("\n\n");
      Files.writeString(node.status(), String.join("\n\n",
          java.util.Arrays.copyOfRange(stanzas, 10, stanzas.length)) + "\n");
      proxy.unavailableForIndex("events-changes", settings.maxAttempts());
      var removal = node.snapshot();
      assertThatThrownBy(() -> engine.sync(removal, TestInventory.CONTEXT, config))
          .isInstanceOf(EsException.class).hasMessageContaining("503");
      read.refresh("events");
      int removed = DEBIAN12_PACKAGES - removal.packages().size();
      assertThat(removed).isBetween(9, 10);
      assertThat(read.count("events-packages")).isEqualTo(DEBIAN12_PACKAGES - removed);
      assertThat(read.count("events-changes")).isZero();

      var next = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      var again = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      read.refresh("events");

      assertThat(next.events()).isEqualTo(removed);
      assertThat(again.events()).isZero();
      assertThat(read.count("events-changes")).isEqualTo(removed);
      JsonNode actions = read.search("events-changes",
          "{\"size\":0,\"aggs\":{\"a\":{\"terms\":{\"field\":\"event.action\"}}}}");
      assertThat(actions.at("/aggregations/a/buckets/0/key").asText()).isEqualTo("package_removed");
      assertThat(actions.at("/aggregations/a/buckets/0/doc_count").asLong()).isEqualTo(removed);
    }
  }
}
