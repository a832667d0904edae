package io.reunir.bench;

import io.reunir.agent.model.AgentVersion;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.containers.ContainersProbe;
import io.reunir.agent.probe.containers.ImageCache;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.sync.SyncEngine;
import io.reunir.contract.config.ElasticsearchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One node running {@code containers} containers of {@code images} distinct images under containerd,
 * laid out as the runtime lays it out: each image's root holds a real dpkg status (the given file
 * plus one stanza naming the image, so fingerprints differ), and the containers of one image share
 * its files through hard links, as an overlay mount shows a lower layer's inode. Measures the
 * containers probe's first collect (every image hashed and parsed), an unchanged collect (stats
 * only), the JVM's RSS after them, and with {@code --es URL} the documents of a first and of an
 * unchanged sync. Prints {@code key=value} lines (for run.sh).
 * Usage: {@code ContainerNode STATUS_FILE CONTAINERS IMAGES [--es URL]}.
 */
public final class ContainerNode {
  private static final String TASKS = "run/containerd/io.containerd.runtime.v2.task/k8s.io";

  private ContainerNode() {}

  public static void main(String[] args) throws Exception {
    Path status = Path.of(args[0]);
    int containers = Integer.parseInt(args[1]);
    int images = Integer.parseInt(args[2]);
    String es = args.length > 4 && args[3].equals("--es") ? args[4] : null;
    Path host = Files.createTempDirectory("reunir-containers-node");
    byte[] base = Files.readAllBytes(status);
    Files.createDirectories(host.resolve("proc"));
    Files.writeString(host.resolve("proc/stat"), "btime 1764460800\n");
    for (int i = 0; i < images; i++) {
      Path image = Files.createDirectories(host.resolve("images/" + i));
      Files.createDirectories(image.resolve("var/lib/dpkg"));
      Files.createDirectories(image.resolve("etc"));
      Files.writeString(image.resolve("etc/os-release"), "ID=debian\nVERSION_ID=\"12\"\n"
          + "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
      Files.write(image.resolve("var/lib/dpkg/status"), base);
      Files.writeString(image.resolve("var/lib/dpkg/status"), "\nPackage: bench-image-" + i
          + "\nStatus: install ok installed\nVersion: 1.0-" + i + "\nArchitecture: amd64\n",
          java.nio.file.StandardOpenOption.APPEND);
    }
    for (int c = 0; c < containers; c++) {
      String id = String.format("%064x", 0xc0000L + c);
      Path bundle = Files.createDirectories(host.resolve(TASKS).resolve(id));
      int pid = 10_000 + c;
      Files.writeString(bundle.resolve("init.pid"), Integer.toString(pid));
      Files.createDirectories(host.resolve("proc/" + pid));
      Files.writeString(host.resolve("proc/" + pid + "/stat"), pid + " (app) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0"
          + " 20 0 1 0 " + (100_000 + c) + " 0 0\n");
      Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\":\"1.1.0\",\"root\":{\"path\":\"rootfs\"},"
          + "\"annotations\":{\"io.kubernetes.cri.container-type\":\"container\","
          + "\"io.kubernetes.cri.sandbox-namespace\":\"bench\",\"io.kubernetes.cri.sandbox-name\":\"pod-" + c
          + "\",\"io.kubernetes.cri.sandbox-uid\":\"uid-" + c + "\",\"io.kubernetes.cri.container-name\":\"app\","
          + "\"io.kubernetes.cri.image-name\":\"registry.example/app-" + (c % images) + ":1\"}}");
      Path image = host.resolve("images/" + (c % images));
      Path rootfs = bundle.resolve("rootfs");
      Files.createDirectories(rootfs.resolve("var/lib/dpkg"));
      Files.createDirectories(rootfs.resolve("etc"));
      Files.createLink(rootfs.resolve("var/lib/dpkg/status"), image.resolve("var/lib/dpkg/status"));
      Files.createLink(rootfs.resolve("etc/os-release"), image.resolve("etc/os-release"));
    }
    var cache = new ImageCache();
    List<Probe> probes = List.of(new ContainersProbe(new PackagesProbe(), cache));
    var engine = new SyncEngine(SyncEngine.Settings.defaults());
    var context = new DocumentContext("bench", "bench", AgentVersion.current());
    ElasticsearchConfig config = es == null ? null
        : new ElasticsearchConfig(List.of(es), "benchctr" + ProcessHandle.current().pid(), null, null, null, null);
    for (String cycle : List.of("first", "unchanged")) {
      var clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
      long start = System.nanoTime();
      Snapshot snapshot = new SnapshotCollector(clock).collect(new HostRoot(host), probes, "bench-node");
      long nanos = System.nanoTime() - start;
      if (!snapshot.errors().isEmpty() || snapshot.containers().size() != containers) {
        throw new IllegalStateException(snapshot.containers().size() + " containers, errors " + snapshot.errors());
      }
      System.out.printf("containers_%s_collect_ms=%.1f%n", cycle, nanos / 1e6);
      System.out.printf("containers_%s_parsed=%d%n", cycle, cache.parsed());
      System.out.printf("containers_%s_hashed=%d%n", cycle, cache.hashed());
      if (config != null) {
        var report = engine.sync(snapshot, context, config);
        System.out.printf("containers_%s_docs=%d%n", cycle, report.documents());
        System.out.printf("containers_%s_image_docs=%d%n", cycle, report.images());
        System.out.printf("containers_%s_container_docs=%d%n", cycle, report.written());
        System.out.printf("containers_%s_bytes=%d%n", cycle, report.bytesSent());
        System.out.printf("containers_%s_converged=%b%n", cycle, report.converged());
      }
    }
    System.gc();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
        System.out.println("containers_" + line.substring(0, 5).toLowerCase() + "_kib="
            + line.replaceAll("\\D", ""));
      }
    }
    System.out.println("containers_packages_per_image=" + (base.length == 0 ? 0
        : new String(base).lines().filter(l -> l.startsWith("Package:")).count() + 1));
  }
}
