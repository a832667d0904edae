package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.libraries.LibrariesProbe;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.agent.testing.HostTrees;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libraries probe's fields pass the strict packages template and answer the queries they exist
 * for: which packages are in use, and which still run old code after an upgrade.
 */
@ExtendWith(ElasticsearchExtension.class)
class LibrariesSyncIT {
  @Test
  void inUseAndDeletedInUseAreQueryable(ElasticsearchNode es, @TempDir Path dir) throws Exception {
    Path host = HostTrees.materialize("maps", dir);
    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC()).collect(new HostRoot(host),
        List.of(new PackagesProbe(), new LibrariesProbe()), "maps-node");
    String prefix = "fx-maps";

    try (var read = new EsReadBack(es.url()).reset(prefix)) {
      var report = new SyncEngine(SyncEngine.Settings.defaults())
          .sync(snapshot, TestInventory.CONTEXT, TestInventory.es(es.url().toString(), prefix));
      assertThat(report.converged()).as(report.toString()).isTrue();
      read.refresh(prefix);

      assertThat(names(read, prefix, "{\"term\":{\"reunir.package.deleted_in_use\":true}}"))
          .containsExactly("zlib1g");
      assertThat(names(read, prefix, "{\"term\":{\"reunir.package.deleted_in_use_by\":\"python3\"}}"))
          .containsExactly("zlib1g");
      assertThat(names(read, prefix, "{\"term\":{\"reunir.package.in_use\":true}}"))
          .containsExactlyInAnyOrder("libc6", "libssl3", "zlib1g", "nginx", "systemd");
      assertThat(names(read, prefix, "{\"term\":{\"reunir.package.in_use\":false}}"))
          .containsExactlyInAnyOrder("libpcre2-8-0", "vim-tiny");
    }
  }

  private static List<String> names(EsReadBack read, String prefix, String query) throws Exception {
    JsonNode hits = read.search(prefix + "-packages", "{\"size\":100,\"query\":" + query + "}")
        .at("/hits/hits");
    List<String> names = new ArrayList<>();
    hits.forEach(hit -> names.add(hit.at("/_source/package/name").asText()));
    return names;
  }
}
