package io.reunir.agent.probe.libraries;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.model.SnapshotDocuments;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.probe.services.ServicesProbe;
import io.reunir.agent.testing.HostTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixture host {@code maps}: systemd (1), a kernel thread with empty maps (2), nginx mapping libssl3 and
 * libc6 (812), python mapping an upgraded-away zlib1g ({@code (deleted)}, 900), and a container's nginx
 * mapping its image's libpcre2 (2000, another mount namespace). dpkg's file lists own the files.
 */
class LibrariesProbeTest {
  @TempDir Path dir;

  private Snapshot collect(Probe... probes) throws IOException {
    return new SnapshotCollector(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
        .collect(new HostRoot(dir), List.of(probes), "node-1");
  }

  /** package.name to its package document. */
  private static Map<String, JsonNode> packageDocs(Snapshot snapshot) {
    JsonNode docs = SnapshotDocuments.render(snapshot, new DocumentContext("prod-eu-1", "all-nodes", "test"))
        .get("packages");
    Map<String, JsonNode> byName = new HashMap<>();
    docs.forEach(doc -> byName.put(doc.at("/package/name").asText(), doc));
    return byName;
  }

  private static JsonNode reunir(Map<String, JsonNode> docs, String pkg, String field) {
    return docs.get(pkg).at("/reunir/package/" + field);
  }

  @Test
  void mappedLibrariesOfHostProcessesAreInUse() throws IOException {
    HostTrees.materialize("maps", dir);

    Snapshot snapshot = collect(new PackagesProbe(), new LibrariesProbe());

    assertThat(snapshot.errors()).isEmpty();
    Map<String, JsonNode> docs = packageDocs(snapshot);
    assertThat(docs.keySet()).containsExactlyInAnyOrder(
        "libc6", "libssl3", "zlib1g", "libpcre2-8-0", "nginx", "systemd", "vim-tiny");
    for (String used : List.of("libc6", "libssl3", "zlib1g", "nginx", "systemd")) {
      assertThat(reunir(docs, used, "in_use").asBoolean(false)).as(used).isTrue();
    }
    // Mapped only inside the container: the image's file, not the host package.
    assertThat(reunir(docs, "libpcre2-8-0", "in_use").isBoolean()).isTrue();
    assertThat(reunir(docs, "libpcre2-8-0", "in_use").asBoolean()).isFalse();
    assertThat(reunir(docs, "vim-tiny", "in_use").asBoolean(true)).isFalse();
  }

  @Test
  void aDeletedMappingMarksItsPackageAsOldCodeStillRunning() throws IOException {
    HostTrees.materialize("maps", dir);

    Map<String, JsonNode> docs = packageDocs(collect(new PackagesProbe(), new LibrariesProbe()));

    assertThat(reunir(docs, "zlib1g", "deleted_in_use").asBoolean(false)).isTrue();
    assertThat(reunir(docs, "zlib1g", "deleted_in_use_by").toString()).isEqualTo("[\"python3\"]");
    for (String other : List.of("libc6", "libssl3", "libpcre2-8-0", "nginx", "systemd", "vim-tiny")) {
      JsonNode deleted = reunir(docs, other, "deleted_in_use");
      assertThat(deleted.isBoolean() && !deleted.asBoolean()).as(other).isTrue();
      assertThat(reunir(docs, other, "deleted_in_use_by").isMissingNode()).as(other).isTrue();
    }
  }

  @Test
  void unreadableMapsAreOneErrorAndLeaveUnprovenPackagesUnknown() throws IOException {
    HostTrees.materialize("maps", dir);
    // As root the test cannot be refused a file; a maps that is a directory cannot be read either.
    Files.delete(dir.resolve("proc/900/maps"));
    Files.createDirectory(dir.resolve("proc/900/maps"));

    Snapshot snapshot = collect(new PackagesProbe(), new ServicesProbe(), new LibrariesProbe());

    assertThat(snapshot.errors()).filteredOn(e -> e.probe().equals(LibrariesProbe.NAME)).singleElement()
        .satisfies(e -> assertThat(e.error()).startsWith("1 processes' maps unreadable")
            .contains("/proc/PID/maps").contains("pid 900"));
    Map<String, JsonNode> docs = packageDocs(snapshot);
    assertThat(reunir(docs, "libssl3", "in_use").asBoolean(false)).isTrue();
    // Even though the services probe says which programs run, pid 900 may map these.
    for (String unknown : List.of("zlib1g", "vim-tiny", "libpcre2-8-0")) {
      assertThat(reunir(docs, unknown, "in_use").isMissingNode()).as(unknown).isTrue();
      assertThat(reunir(docs, unknown, "deleted_in_use").isMissingNode()).as(unknown).isTrue();
    }
  }

  @Test
  void withoutTheProbeNothingChanges() throws IOException {
    HostTrees.materialize("maps", dir);

    Map<String, JsonNode> docs = packageDocs(collect(new PackagesProbe()));

    assertThat(reunir(docs, "libssl3", "in_use").isMissingNode()).isTrue();
    assertThat(reunir(docs, "zlib1g", "deleted_in_use").isMissingNode()).isTrue();
  }

  @Test
  void sampleDocumentIsWhatTheProbeEmits() throws IOException {
    HostTrees.materialize("maps", dir);

    Map<String, JsonNode> docs = packageDocs(collect(new PackagesProbe(), new LibrariesProbe()));

    var mapper = new ObjectMapper();
    JsonNode expected = mapper.readTree(Path.of("src/test/resources/samples/package-deb-deleted-in-use.json")
        .toFile());
    JsonNode actual = mapper.readTree(mapper.writeValueAsString(docs.get("zlib1g")));
    assertThat(actual).isEqualTo(expected);
  }
}
