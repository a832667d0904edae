package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sync through a misbehaving proxy in front of the real Elasticsearch. */
@ExtendWith(ElasticsearchExtension.class)
class FaultIT {
  /** Small batches so one cycle takes several bulk requests; quick backoff and a short timeout. */
  private static final SyncEngine.Settings SETTINGS = new SyncEngine.Settings(Duration.ofHours(24), 4096,
      new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), 3, Duration.ofSeconds(2));

  @Test
  void items429AreRetriedAnd400AreReportedOnceThenResentNextCycle(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("items").close();
    var node = TestInventory.debian("node-i", 6);
    String throttled = TestInventory.packageId("node-i", "pkg-4");
    String refused = TestInventory.packageId("node-i", "pkg-5");
    try (var proxy = new FaultProxy(es.url()); var read = new EsReadBack(es.url())) {
      var config = TestInventory.es(proxy.url().toString(), "items");
      var engine = new SyncEngine(SETTINGS);
      proxy.rewriteItemOnce(throttled, 429);
      proxy.rewriteItemOnce(refused, 400);
      var first = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);

      assertThat(first.converged()).isFalse();
      assertThat(first.failures()).extracting(BulkSender.Failure::id, BulkSender.Failure::status)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(refused, 400));
      assertThat(timesSent(proxy, throttled)).isEqualTo(2);
      assertThat(timesSent(proxy, refused)).isEqualTo(1);
      assertThat(timesSent(proxy, TestInventory.packageId("node-i", "openssl"))).isEqualTo(1);
      read.refresh("items");
      var heartbeat = read.get("items-nodes", "test-cluster/node-i").path("_source");
      assertThat(heartbeat.at("/reunir/probe/errors/0/probe").asText()).isEqualTo("sync");
      assertThat(heartbeat.at("/reunir/probe/errors/0/error").asText())
          .contains(refused, "400", "document_parsing_exception");

      // The proxy faked the refusal after Elasticsearch indexed the document; a real refusal leaves
      // nothing behind, so the test removes it (else the drift check finds it there and keeps it).
      read.call("DELETE", "/items-packages/_doc/" + java.net.URLEncoder.encode(refused, "UTF-8")
          + "?refresh=true", null);
      int before = proxy.bulks().size();
      var second = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      assertThat(second.converged()).isTrue();
      assertThat(second.drifted()).isFalse();
      var resent = proxy.bulks().subList(before, proxy.bulks().size()).stream().flatMap(List::stream)
          .toList();
      assertThat(resent).containsExactlyInAnyOrder(refused, "test-cluster/node-i");
    }
  }

  @Test
  void elasticsearchDyingMidCycleThenRefusingHangingAndResettingLosesNothing(ElasticsearchNode es)
      throws Exception {
    new EsReadBack(es.url()).reset("outage").close();
    var node = TestInventory.debian("node-o", 60);
    try (var proxy = new FaultProxy(es.url()); var read = new EsReadBack(es.url())) {
      var config = TestInventory.es(proxy.url().toString(), "outage");
      var engine = new SyncEngine(SETTINGS);
      proxy.allowBulks(3);
      assertThatThrownBy(() -> engine.sync(node.snapshot(), TestInventory.CONTEXT, config))
          .isInstanceOf(EsException.class);
      Set<String> acknowledged = acknowledged(engine);
      Set<String> sentBeforeDying = new HashSet<>();
      proxy.bulks().forEach(sentBeforeDying::addAll);
      assertThat(acknowledged).isNotEmpty().isEqualTo(sentBeforeDying);
      assertThat(acknowledged.size()).isLessThan(62);

      proxy.allowBulks(Integer.MAX_VALUE / 2);
      node.packages.put("openssl", "3.0.17-1~deb12u2"); // the node moves on during the outage
      proxy.mode(FaultProxy.Mode.REFUSE);
      assertThatThrownBy(() -> engine.sync(node.snapshot(), TestInventory.CONTEXT, config))
          .isInstanceOfSatisfying(EsException.class,
              e -> assertThat(e.kind()).isEqualTo(EsException.Kind.CONNECTION_REFUSED));
      proxy.mode(FaultProxy.Mode.HANG);
      assertThatThrownBy(() -> engine.sync(node.snapshot(), TestInventory.CONTEXT, config))
          .isInstanceOfSatisfying(EsException.class,
              e -> assertThat(e.kind()).isEqualTo(EsException.Kind.TIMEOUT));
      proxy.mode(FaultProxy.Mode.RESET);
      assertThatThrownBy(() -> engine.sync(node.snapshot(), TestInventory.CONTEXT, config))
          .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.transientFailure()).isTrue());
      assertThat(acknowledged(engine)).isEqualTo(acknowledged);

      proxy.mode(FaultProxy.Mode.PASS);
      int before = proxy.bulks().size();
      var back = engine.sync(node.snapshot(), TestInventory.CONTEXT, config);
      assertThat(back.converged()).isTrue();
      Set<String> resent = new HashSet<>();
      proxy.bulks().subList(before, proxy.bulks().size()).forEach(resent::addAll);
      // Only what was never acknowledged, the changed package and the heartbeat go again.
      acknowledged.remove(TestInventory.packageId("node-o", "openssl"));
      assertThat(resent).doesNotContainAnyElementsOf(acknowledged)
          .contains(TestInventory.packageId("node-o", "openssl"), "test-cluster/node-o");
      read.refresh("outage");
      assertThat(read.count("outage-packages")).isEqualTo(60);
      assertThat(read.count("outage-services")).isEqualTo(2);
      assertThat(read.get("outage-packages", TestInventory.packageId("node-o", "openssl"))
          .at("/_source/package/version").asText()).isEqualTo("3.0.17-1~deb12u2");
    }
  }

  @Test
  void aTooLargeRequestIsSplitUntilItFits(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("split").close();
    var node = TestInventory.debian("node-t", 40);
    try (var proxy = new FaultProxy(es.url()); var read = new EsReadBack(es.url())) {
      proxy.maxBulkBytes(5000);
      var settings = new SyncEngine.Settings(Duration.ofHours(24), 1024 * 1024,
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), 3, Duration.ofSeconds(5));
      var report = new SyncEngine(settings).sync(node.snapshot(), TestInventory.CONTEXT,
          TestInventory.es(proxy.url().toString(), "split"));

      assertThat(report.converged()).isTrue();
      assertThat(proxy.bulks().size()).isGreaterThan(2);
      read.refresh("split");
      assertThat(read.count("split-packages")).isEqualTo(40);
    }
  }

  @Test
  void aDeadFirstUrlFailsOverToTheNext(ElasticsearchNode es) throws Exception {
    new EsReadBack(es.url()).reset("failover").close();
    int deadPort;
    try (var socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    var config = new ElasticsearchConfig(List.of("http://127.0.0.1:" + deadPort, es.url().toString()),
        "failover", null, null, null, null);
    var report = new SyncEngine(SETTINGS).sync(TestInventory.debian("node-f", 3).snapshot(),
        TestInventory.CONTEXT, config);
    assertThat(report.converged()).isTrue();
  }

  @Test
  void credentialsThatMayNotCreateTemplatesGetAMessageNamingWhatIsMissing(ElasticsearchNode es)
      throws Exception {
    new EsReadBack(es.url()).reset("writeonly").close();
    try (var proxy = new FaultProxy(es.url())) {
      proxy.mode(FaultProxy.Mode.FORBID_SETUP);
      var config = TestInventory.es(proxy.url().toString(), "writeonly");
      assertThatThrownBy(() -> new SyncEngine(SETTINGS).sync(TestInventory.debian("node-w", 3).snapshot(),
          TestInventory.CONTEXT, config))
          .isInstanceOfSatisfying(EsException.class, e -> {
            assertThat(e.kind()).isEqualTo(EsException.Kind.FORBIDDEN);
            assertThat(e.getMessage()).contains("index template writeonly-nodes is missing",
                "manage_index_templates");
          });
    }
  }

  @Test
  void documentsGoOnTheWireAsTheBytesThatWereHashedAndOnlyStatusesComeBack(ElasticsearchNode es)
      throws Exception {
    new EsReadBack(es.url()).reset("wire").close();
    var snapshot = TestInventory.debian("node-b", 5).snapshot();
    var documents = NodeInventory.of(snapshot, TestInventory.CONTEXT).documents();
    try (var proxy = new FaultProxy(es.url())) {
      var report = new SyncEngine(SyncEngine.Settings.defaults()).sync(snapshot, TestInventory.CONTEXT,
          TestInventory.es(proxy.url().toString(), "wire"));

      assertThat(report.converged()).isTrue();
      var sent = new java.io.ByteArrayOutputStream();
      proxy.bulkBodies().forEach(sent::writeBytes);
      String wire = sent.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(documents).hasSize(7).allSatisfy(doc -> assertThat(wire)
          .contains("\"_id\":\"" + doc.id() + "\"")
          .contains("}\n" + new String(doc.json(), java.nio.charset.StandardCharsets.UTF_8) + "\n"));
      assertThat(proxy.bulkResponses()).isNotEmpty().allSatisfy(body -> assertThat(body)
          .contains("\"status\":").doesNotContain("\"_id\"", "\"_seq_no\"", "\"_shards\"", "\"result\""));
    }
  }

  /** Ids Elasticsearch acknowledged: state entries with a hash (the others await their first write). */
  private static Set<String> acknowledged(SyncEngine engine) {
    Set<String> ids = new HashSet<>();
    engine.state().entries().forEach((id, entry) -> {
      if (entry.hash() != null) {
        ids.add(id);
      }
    });
    return ids;
  }

  private static long timesSent(FaultProxy proxy, String id) {
    return proxy.bulks().stream().flatMap(List::stream).filter(id::equals).count();
  }
}
