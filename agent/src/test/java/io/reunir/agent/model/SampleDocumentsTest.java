package io.reunir.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.processes.ProcessesProbe;
import io.reunir.agent.probe.services.ServicesProbe;
import io.reunir.agent.testing.HostTrees;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample documents beside the cgroupv2 fixture ({@code hosts/cgroupv2.sample-*.json}) are what the
 * services and processes probes emit, field for field: they document the probes' output for people
 * writing queries.
 */
class SampleDocumentsTest {
  @TempDir Path dir;

  @Test
  void servicesAndProcessesEmitTheSampleDocuments() throws Exception {
    HostTrees.materialize("cgroupv2", dir);
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T18:00:00Z"), ZoneOffset.UTC);
    Snapshot snapshot = new SnapshotCollector(clock).collect(new HostRoot(dir),
        List.of(new ServicesProbe(), new ProcessesProbe()), "node-a");
    JsonNode docs = SnapshotDocuments.render(snapshot,
        new DocumentContext("prod-eu-1", "all-nodes", "0.0.0-test"));
    ObjectMapper json = new ObjectMapper();

    JsonNode service = docs.get("services").findParents("service").stream()
        .filter(d -> d.at("/service/name").asText().equals("ssh.service")).findFirst().orElseThrow();
    JsonNode process = docs.get("processes").findParents("process").stream()
        .filter(d -> d.at("/process/pid").asLong() == 812).findFirst().orElseThrow();

    // Through text, as Elasticsearch sees them: a long 812 and a parsed int 812 are the same number.
    assertThat(json.readTree(json.writeValueAsString(service))).isEqualTo(sample(json, "service"));
    assertThat(json.readTree(json.writeValueAsString(process))).isEqualTo(sample(json, "process"));
  }

  private static JsonNode sample(ObjectMapper json, String kind) throws Exception {
    return json.readTree(HostTrees.HOSTS.resolve("cgroupv2.sample-" + kind + ".json").toFile());
  }
}
