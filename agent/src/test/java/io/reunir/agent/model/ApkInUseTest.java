package io.reunir.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.probe.processes.ProcessesProbe;
import io.reunir.agent.testing.HostTrees;
import io.reunir.agent.testing.SharedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reunir.package.in_use} on an Alpine host: apk's database names the owner of a running program. */
class ApkInUseTest {
  @TempDir Path dir;

  @Test
  void aProcessRunningBusyboxMarksBusyboxInUse() throws Exception {
    // The cgroupv2 host's processes, with dpkg taken away and the real Alpine database put in.
    HostTrees.materialize("cgroupv2", dir);
    try (Stream<Path> dpkg = Files.walk(dir.resolve("var/lib/dpkg"))) {
      for (Path p : dpkg.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Files.copy(SharedFixtures.dir("hosts/alpine-3.14").resolve("lib/apk/db/installed"),
        Files.createDirectories(dir.resolve("lib/apk/db")).resolve("installed"));
    Files.delete(dir.resolve("proc/640/exe"));
    HostTrees.link(dir, "proc/640/exe", "/bin/busybox");

    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(dir), List.of(new PackagesProbe(), new ProcessesProbe()), "node-a");
    JsonNode json = SnapshotDocuments.render(snapshot, DocumentContext.local());
    Map<String, JsonNode> inUse = new HashMap<>();
    json.get("packages").forEach(p -> inUse.put(p.at("/package/name").asText(), p.at("/reunir/package/in_use")));

    assertThat(snapshot.processes()).filteredOn(p -> p.pid() == 640).singleElement()
        .extracting(ProcessRecord::packageName).isEqualTo("busybox");
    assertThat(inUse).hasSize(26);
    assertThat(inUse.get("busybox").asBoolean()).isTrue();
    assertThat(inUse.get("musl").isBoolean()).as("known, not in use").isTrue();
    assertThat(inUse.get("musl").asBoolean()).isFalse();
  }
}
