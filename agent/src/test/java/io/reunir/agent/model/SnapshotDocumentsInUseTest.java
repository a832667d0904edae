package io.reunir.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.processes.ProcessesProbe;
import io.reunir.agent.probe.services.ServicesProbe;
import io.reunir.agent.testing.HostTrees;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reunir.package.in_use}: true when a running service or listed process runs the package's file. */
class SnapshotDocumentsInUseTest {
  @TempDir Path dir;

  /** Packages of the cgroupv2 fixture; the probes under test fill the rest of the snapshot. */
  private static final List<String> PACKAGES = List.of("openssh-server", "rsync", "nginx-core",
      "python3.11-minimal", "bash");

  private Map<String, JsonNode> inUse(Probe... probes) throws Exception {
    HostTrees.materialize("cgroupv2", dir);
    Snapshot.Builder builder = Snapshot.builder("scan", Instant.EPOCH);
    for (Probe probe : probes) {
      Snapshot run = new SnapshotCollector(Clock.systemUTC())
          .collect(new HostRoot(dir), List.of(probe), null);
      builder.addServices(run.services()).addProcesses(run.processes());
      if (run.runningProgramsKnown()) {
        builder.runningProgramsKnown();
      }
    }
    builder.addPackages(PACKAGES.stream()
        .map(n -> new PackageRecord("deb", n, "1.0-1", "amd64", null, null, null, null, null, null, null))
        .toList());
    JsonNode json = SnapshotDocuments.render(builder.build(), DocumentContext.local());
    Map<String, JsonNode> result = new HashMap<>();
    json.get("packages").forEach(
        p -> result.put(p.at("/package/name").asText(), p.at("/reunir/package/in_use")));
    return result;
  }

  @Test
  void runningServicesMarkTheirPackages() throws Exception {
    Map<String, JsonNode> inUse = inUse(new ServicesProbe());

    assertThat(inUse.get("openssh-server").asBoolean()).isTrue();
    assertThat(inUse.get("rsync").isBoolean()).as("disabled, not running: known false").isTrue();
    assertThat(inUse.get("rsync").asBoolean()).isFalse();
    assertThat(inUse.get("python3.11-minimal").asBoolean()).as("only a process runs it").isFalse();
  }

  @Test
  void listedProcessesMarkTheirPackagesButContainersDoNot() throws Exception {
    Map<String, JsonNode> inUse = inUse(new ProcessesProbe());

    assertThat(inUse.get("python3.11-minimal").asBoolean()).isTrue();
    assertThat(inUse.get("openssh-server").asBoolean()).isTrue();
    assertThat(inUse.get("nginx-core").asBoolean()).as("nginx runs only inside a container").isFalse();
    assertThat(inUse.get("bash").asBoolean()).isFalse();
  }

  @Test
  void withoutServicesOrProcessesInUseIsAbsent() throws Exception {
    Map<String, JsonNode> inUse = inUse();

    assertThat(inUse.values()).allSatisfy(v -> assertThat(v.isMissingNode()).isTrue());
  }

  @Test
  void processesAreRenderedWithEcsNames() throws Exception {
    HostTrees.materialize("cgroupv2", dir);
    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(dir), List.of(new ProcessesProbe()), "node-a");

    JsonNode doc = SnapshotDocuments.render(snapshot, DocumentContext.local()).get("processes").get(10);

    assertThat(doc.at("/host/name").asText()).isEqualTo("node-a");
    assertThat(doc.at("/process/pid").asLong()).isEqualTo(3100);
    assertThat(doc.at("/process/name").asText()).isEqualTo("a) b (c");
    assertThat(doc.at("/process/executable").asText()).isEqualTo("/usr/bin/python3.11");
    assertThat(doc.at("/user/id").asText()).isEqualTo("1000");
    assertThat(doc.at("/user/name").asText()).isEqualTo("alice");
    assertThat(doc.at("/package/name").asText()).isEqualTo("python3.11-minimal");
  }
}
