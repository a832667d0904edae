package io.reunir.agent.probe.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.ContainerRecord;
import io.reunir.agent.model.ContainerRecord.State;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.testing.ContainerRuntimes;
import io.reunir.agent.testing.ContainerRuntimes.Pod;
import io.reunir.agent.testing.ContainerRuntimes.Scratch;
import io.reunir.agent.testing.ContainerRuntimes.Tree;
import io.reunir.agent.testing.ContainerRuntimes.Unmounted;
import io.reunir.agent.testing.HostTrees;
import io.reunir.agent.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainersProbeTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  @TempDir Path dir;
  final ImageCache cache = new ImageCache();

  static String id(int n) {
    return String.format("%064x", 0xc0ffee00L + n);
  }

  static Pod pod(String name, String container, String image) {
    return new Pod("shop", name, "uid-" + name, container, image);
  }

  Snapshot collect() {
    var snapshot = Snapshot.builder("scan", Instant.EPOCH).nodeName("node-1");
    new ContainersProbe(new PackagesProbe(), cache).collect(new HostRoot(dir), snapshot);
    return snapshot.build();
  }

  static ContainerRecord container(Snapshot s, String id) {
    return s.containers().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  /** name, version, arch, source, source version, size: what dpkg-query printed for the fixture. */
  static List<String> expected(String host) throws IOException {
    return Files.readAllLines(HostTrees.HOSTS.resolve(host).resolve("expected-packages.tsv")).stream()
        .filter(l -> !l.startsWith("#")).toList();
  }

  static List<String> tsv(ContainerRecord c) {
    return c.content().image().packages().stream().map(p -> String.join("\t", p.name(), p.version(),
        p.architecture(), p.source(), p.sourceVersion(), Objects.toString(p.size(), ""))).sorted().toList();
  }

  @Test
  void readsEveryRunningContainerOfBothRuntimesWithItsPodAndPackages() throws Exception {
    var runtimes = new ContainerRuntimes(dir);
    Path web = runtimes.containerd(id(1), pod("web-7d9f8-abcde", "web", "docker.io/library/ubuntu:22.04"),
        new Tree("ubuntu2204"));
    runtimes.startedAt(web, Instant.parse("2026-11-30T08:00:00Z"));
    runtimes.containerd(id(2), pod("alpine-1", "shell", "docker.io/library/alpine:3.14"),
        new ContainerRuntimes.InPlace(SharedFixtures.dir("hosts/alpine-3.14")));
    runtimes.crio(id(3), pod("ubi-1", "app", "registry.access.redhat.com/ubi9:latest"), DIGEST,
        "2026-11-30T09:15:02.123456789+01:00", new Tree("rhel9"));
    runtimes.crio(id(4), pod("distroless-1", "app", "gcr.io/distroless/base-debian12:latest"), DIGEST,
        "2026-11-30T08:00:00Z", new Tree("distroless-debian12"));

    Snapshot s = collect();

    assertThat(s.errors()).isEmpty();
    assertThat(s.containers()).extracting(ContainerRecord::id).containsExactly(id(1), id(2), id(3), id(4));
    assertThat(s.complete()).contains("containers/containerd", "containers/cri-o");
    var ubuntu = container(s, id(1));
    assertThat(ubuntu.runtime()).isEqualTo("containerd");
    assertThat(ubuntu.pod()).isEqualTo(new ContainerRecord.PodRef("shop", "web-7d9f8-abcde",
        "uid-web-7d9f8-abcde", "web"));
    assertThat(ubuntu.imageName()).isEqualTo("docker.io/library/ubuntu:22.04");
    assertThat(ubuntu.imageDigests()).isEmpty();
    assertThat(ubuntu.started()).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
    assertThat(ubuntu.content().state()).isEqualTo(State.READ);
    assertThat(tsv(ubuntu)).containsExactlyElementsOf(expected("ubuntu2204"));
    assertThat(ubuntu.content().image().os().versionId()).isEqualTo("22.04");
    assertThat(tsv(container(s, id(4)))).containsExactlyElementsOf(expected("distroless-debian12"));

    var alpine = container(s, id(2));
    assertThat(alpine.content().image().packages()).hasSize(26)
        .allSatisfy(p -> assertThat(p.type()).isEqualTo("apk"));
    assertThat(alpine.content().image().os().id()).isEqualTo("alpine");

    var ubi = container(s, id(3));
    assertThat(ubi.runtime()).isEqualTo("cri-o");
    assertThat(ubi.pod().name()).isEqualTo("ubi-1");
    assertThat(ubi.pod().container()).isEqualTo("app");
    assertThat(ubi.imageDigests()).containsExactly(DIGEST);
    assertThat(ubi.started()).isEqualTo(Instant.parse("2026-11-30T08:15:02.123456789Z"));
    assertThat(ubi.content().image().packages()).isNotEmpty()
        .allSatisfy(p -> assertThat(p.type()).isEqualTo("rpm"));
  }

  @Test
  void theRpmPackagesOfAContainerAreThoseTheNodeProbeReadsFromTheSameTree() throws Exception {
    new ContainerRuntimes(dir).crio(id(3), pod("ubi-1", "app", "ubi9"), DIGEST, "2026-11-30T08:00:00Z",
        new Tree("rhel9"));
    var node = Snapshot.builder("scan", Instant.EPOCH);
    new PackagesProbe().collect(new HostRoot(HostTrees.HOSTS.resolve("rhel9")), node);

    List<PackageRecord> inContainer = container(collect(), id(3)).content().image().packages();

    assertThat(inContainer).containsExactlyInAnyOrderElementsOf(node.build().packages());
  }

  @Test
  void containersOfOneImageShareOneReadAndAnUnchangedRootIsNeitherHashedNorParsedAgain() throws Exception {
    var runtimes = new ContainerRuntimes(dir);
    Path a = runtimes.containerd(id(1), pod("web-a", "web", "ubuntu:22.04"), new Tree("ubuntu2204"));
    runtimes.containerd(id(2), pod("web-b", "web", "ubuntu:22.04"), new Tree("ubuntu2204"));

    Snapshot first = collect();
    var one = container(first, id(1)).content().image();
    assertThat(container(first, id(2)).content().image()).isSameAs(one);
    assertThat(cache.parsed()).isEqualTo(1);
    int hashed = cache.hashed();

    Snapshot second = collect();
    assertThat(container(second, id(1)).content().image()).isSameAs(one);
    assertThat(cache.hashed()).isEqualTo(hashed);
    assertThat(cache.parsed()).isEqualTo(1);

    // A package installed inside one running container: its root has its own fingerprint now.
    Files.writeString(a.resolve("rootfs/var/lib/dpkg/status"), "\nPackage: extra\nStatus: install ok"
        + " installed\nVersion: 1.0-1\nArchitecture: amd64\n", StandardOpenOption.APPEND);
    Snapshot third = collect();
    var changed = container(third, id(1)).content().image();
    assertThat(changed.fingerprint()).isNotEqualTo(one.fingerprint());
    assertThat(changed.packages()).hasSize(one.packages().size() + 1);
    assertThat(container(third, id(2)).content().image().fingerprint()).isEqualTo(one.fingerprint());
  }

  @Test
  void sandboxesAndStoppedContainersAreNotListed() throws Exception {
    var runtimes = new ContainerRuntimes(dir);
    runtimes.containerd(id(1), pod("web-a", "web", "ubuntu:22.04"), new Tree("ubuntu2204"));
    Path stopped = runtimes.crio(id(2), pod("job-1", "job", "ubuntu:22.04"), DIGEST, "2026-11-30T08:00:00Z",
        new Tree("ubuntu2204"));
    runtimes.stop(stopped);

    Snapshot s = collect();

    // Two sandboxes (one per pod) and the stopped CRI-O container, whose bundle CRI-O keeps.
    assertThat(s.containers()).extracting(ContainerRecord::id).containsExactly(id(1));
  }

  @Test
  void aScratchImageHasNoPackageDatabaseWhichIsNotAnError() throws Exception {
    new ContainerRuntimes(dir).containerd(id(1), pod("static-1", "app", "gcr.io/distroless/static"),
        new Scratch());

    Snapshot s = collect();

    var c = container(s, id(1));
    assertThat(c.content().state()).isEqualTo(State.NO_PACKAGE_DATABASE);
    assertThat(c.content().image()).isNull();
    assertThat(c.content().error()).contains("no dpkg, rpm or apk database");
    assertThat(s.errors()).isEmpty();
  }

  @Test
  void aContainerThatVanishesBetweenListingAndReadingSaysSo() throws Exception {
    var runtimes = new ContainerRuntimes(dir);
    Path gone = runtimes.containerd(id(1), pod("web-a", "web", "ubuntu:22.04"), new Tree("ubuntu2204"));
    Path rootGone = runtimes.crio(id(2), pod("web-b", "web", "ubuntu:22.04"), DIGEST, "2026-11-30T08:00:00Z",
        new Tree("ubuntu2204"));
    runtimes.containerd(id(3), pod("web-c", "web", "ubuntu:22.04"), new Tree("ubuntu2204"));
    // The shim removes config.json first; CRI-O unmounts and removes the merged root.
    Files.delete(gone.resolve("config.json"));
    var merged = dir.resolve("var/lib/containers/storage/overlay/" + new StringBuilder(id(2)).reverse()
        + "/merged");
    runtimes.delete(merged);

    Snapshot s = collect();

    assertThat(container(s, id(1)).content().state()).isEqualTo(State.VANISHED);
    assertThat(container(s, id(2)).content().state()).isEqualTo(State.VANISHED);
    assertThat(container(s, id(2)).content().error()).contains("went away");
    assertThat(container(s, id(3)).content().state()).isEqualTo(State.READ);
    assertThat(s.errors()).isEmpty();
    assertThat(rootGone).exists();
  }

  @Test
  void anUnreadableRootIsUnreadableNeverNoPackages() throws Exception {
    var runtimes = new ContainerRuntimes(dir);
    runtimes.containerd(id(1), pod("web-a", "web", "ubuntu:22.04"), new Unmounted());
    Path damaged = runtimes.containerd(id(2), pod("web-b", "web", "ubuntu:22.04"), new Tree("ubuntu2204"));
    HostTrees.mkfifo(damaged.resolve("rootfs/var/lib/dpkg/status"));
    runtimes.containerd(id(3), pod("web-c", "web", "ubuntu:22.04"), new Tree("ubuntu2204"));

    Snapshot s = collect();

    var unmounted = container(s, id(1));
    assertThat(unmounted.content().state()).isEqualTo(State.UNREADABLE);
    assertThat(unmounted.content().error()).contains("HostToContainer");
    var fifo = container(s, id(2));
    assertThat(fifo.content().state()).isEqualTo(State.UNREADABLE);
    assertThat(fifo.content().error()).contains("/var/lib/dpkg/status").contains("FIFO");
    assertThat(container(s, id(3)).content().state()).isEqualTo(State.READ);
    assertThat(s.errors()).singleElement().satisfies(e -> {
      assertThat(e.probe()).isEqualTo("containers");
      assertThat(e.error()).startsWith("2 container root(s) unreadable; containerd " + id(1));
    });
  }

  @Test
  void aConfigThatIsNotJsonIsOneLineNamingTheFileWithoutItsContent() throws Exception {
    Path bundle = new ContainerRuntimes(dir).containerd(id(1), pod("web-a", "web", "ubuntu:22.04"),
        new Tree("ubuntu2204"));
    Files.writeString(bundle.resolve("config.json"), "{\"annotations\": {\"secret-token\": \"hunter2\"");

    var c = container(collect(), id(1));

    assertThat(c.content().state()).isEqualTo(State.UNREADABLE);
    assertThat(c.content().error()).contains("config.json").doesNotContain("hunter2").doesNotContain("\n");
  }

  @Test
  void aNodeWithoutEitherRuntimeHasNoContainersAndBothAreComplete() {
    Snapshot s = collect();
    assertThat(s.containers()).isEmpty();
    assertThat(s.errors()).isEmpty();
    assertThat(s.complete()).contains("containers/containerd", "containers/cri-o");
  }
}
