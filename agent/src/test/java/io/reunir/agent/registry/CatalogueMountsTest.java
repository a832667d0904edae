package io.reunir.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.testing.FreshJvm;
import io.reunir.agent.testing.HostTrees;
import io.reunir.contract.probe.ProbeCatalogue;
import io.reunir.contract.probe.ProbeEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every host path a probe reads is under one of its catalogue paths: on each fixture host, the probe
 * finds exactly the same in a copy of the host that holds only those paths (what the operator mounts)
 * as in the whole host. A read outside them would find nothing in the copy and change the result.
 */
class CatalogueMountsTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  static Stream<String> hostProbes() {
    return ProbeCatalogue.ALL.stream().filter(entry -> !entry.hostPaths().isEmpty())
        .map(ProbeEntry::name);
  }

  @ParameterizedTest
  @MethodSource("hostProbes")
  void aProbeFindsTheSameThroughItsMountsAsOnTheWholeHost(String name, @TempDir Path dir)
      throws Exception {
    ProbeEntry entry = ProbeCatalogue.entry(name);
    List<String> hosts;
    try (Stream<Path> list = Files.list(HostTrees.HOSTS)) {
      hosts = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    Path empty = Files.createDirectories(dir.resolve("empty"));
    String nothing = collect(name, empty);
    List<String> readSomething = new ArrayList<>();
    for (String host : hosts) {
      Path whole = HostTrees.materialize(host, Files.createDirectories(dir.resolve("whole-" + host)));
      Path mounted = Files.createDirectories(dir.resolve("mounted-" + host));
      for (ProbeEntry.HostPath path : entry.hostPaths()) {
        copyTree(whole, mounted, path.path().substring(1));
      }
      String found = collect(name, whole);
      assertThat(collect(name, mounted)).as(name + " on " + host).isEqualTo(found);
      if (!found.equals(nothing)) {
        readSomething.add(host);
      }
    }
    // Proves the comparison means something: the probe found things on some fixture.
    assertThat(readSomething).as(name + " found something on").isNotEmpty();
  }

  /** What the probe puts into a snapshot, with the root's own path left out of messages. */
  private static String collect(String name, Path root) throws Exception {
    if (name.equals("hardware")) {
      return collectInFreshJvm(name, root);
    }
    Probe probe = Probes.named(List.of(name), new ProbeSettings(List.of(), null)).get(0);
    var snapshot = Snapshot.builder("scan", AT);
    try {
      probe.collect(new HostRoot(root), snapshot);
    } catch (Exception e) {
      snapshot.error(name, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return snapshot.build().toString().replace(root.toAbsolutePath().normalize().toString(), "<root>");
  }

  /**
   * The hardware probe's OSHI readers read one host root per process, so each root gets a JVM of
   * its own; the node document's facts without the scan's time and id are what is compared.
   */
  private static String collectInFreshJvm(String name, Path root) throws Exception {
    // The command refuses an empty host root before any probe runs; a copy may hold none of the paths.
    Files.writeString(root.resolve(".not-empty"), "");
    JsonNode node = FreshJvm.collect(root, name).get("node").deepCopy();
    ((ObjectNode) node).remove("@timestamp");
    ((ObjectNode) node.path("reunir")).remove("scan");
    return node.toString().replace(root.toAbsolutePath().normalize().toString(), "<root>");
  }

  /** Copies {@code relative} (a tree, file or link) from one root to the other, links as links. */
  private static void copyTree(Path from, Path to, String relative) throws IOException {
    Path source = from.resolve(relative);
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
  }
}
