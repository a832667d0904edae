package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.os.OsProbe;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.agent.testing.HostTrees;
import io.reunir.agent.testing.StuckProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cycles of a node whose services probe never returns (as one stuck in an open of a FIFO): the
 * heartbeat and the other probes' documents still reach Elasticsearch each cycle, the heartbeat says
 * which probe is stuck, and the stuck probe is not started a second time.
 */
@ExtendWith(ElasticsearchExtension.class)
class StuckProbeIT {
  @Test
  void theHeartbeatAndTheOtherProbesShipWhileOneProbeIsStuck(ElasticsearchNode es, @TempDir Path dir)
      throws Exception {
    var stuck = new StuckProbe("services");
    var host = new HostRoot(HostTrees.materialize("debian12", dir));
    var collector = new SnapshotCollector(Clock.systemUTC(), 2, Duration.ofSeconds(2));
    var engine = new SyncEngine(SyncEngine.Settings.defaults());
    String prefix = "stuck";
    var config = new ElasticsearchConfig(List.of(es.url().toString()), prefix, null, null, null, null);

    try (var read = new EsReadBack(es.url()).reset(prefix)) {
      for (String expected : List.of("timed out after 2s", "not started: its run of ")) {
        Snapshot snapshot = collector.collect(host, List.of(new OsProbe(), new PackagesProbe(), stuck), "n1");
        var report = engine.sync(snapshot, TestInventory.CONTEXT, config);
        assertThat(report.converged()).as(report.toString()).isTrue();
        read.refresh(prefix);

        var node = read.get(prefix + "-nodes", "test-cluster/n1").path("_source");
        assertThat(node.at("/reunir/scan/id").asText()).isEqualTo(snapshot.scanId());
        assertThat(node.at("/reunir/probe/errors/0/probe").asText()).isEqualTo("services");
        assertThat(node.at("/reunir/probe/errors/0/error").asText()).startsWith(expected);
        assertThat(read.count(prefix + "-packages")).isEqualTo(snapshot.packages().size()).isPositive();
      }
      assertThat(stuck.starts()).isEqualTo(1);
    } finally {
      stuck.release();
    }
  }
}
