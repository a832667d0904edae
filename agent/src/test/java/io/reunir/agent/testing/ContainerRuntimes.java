package io.reunir.agent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Container runtime state laid out under a fixture host root as containerd and CRI-O lay it out: a
 * containerd shim bundle ({@code config.json}, {@code init.pid}, {@code rootfs/}) under
 * {@code /run/containerd/io.containerd.runtime.v2.task/k8s.io/<id>/}, a CRI-O bundle
 * ({@code userdata/config.json}, {@code userdata/pidfile}) under
 * {@code /run/containers/storage/overlay-containers/<id>/} with its root at
 * {@code /var/lib/containers/storage/overlay/<layer>/merged}, the annotations each runtime writes,
 * and the container's init process as a {@code /proc/<pid>} directory.
 */
public final class ContainerRuntimes {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String TASKS = "run/containerd/io.containerd.runtime.v2.task/k8s.io";
  public static final String CRIO_CONTAINERS = "run/containers/storage/overlay-containers";

  private final Path host;
  private int nextPid = 4100;

  public ContainerRuntimes(Path host) {
    this.host = host;
  }

  public Path host() {
    return host;
  }

  /** A pod's names and image, as the kubelet gives them to the runtime. */
  public record Pod(String namespace, String name, String uid, String container, String image) {}

  /** What a container's root holds. */
  public sealed interface Root {}

  /** A copy of a fixture host tree ({@code src/test/resources/hosts/<name>}). */
  public record Tree(String name) implements Root {}

  /** A root that is a real image tree read in place ({@code ../shared/fixtures/...}): a link to it. */
  public record InPlace(Path dir) implements Root {}

  /** A scratch image's root: only the directories runc creates to mount into. */
  public record Scratch() implements Root {}

  /** An empty directory: a root mounted where the agent's mount cannot see it. */
  public record Unmounted() implements Root {}

  /** A containerd container and its pod's sandbox; returns the container's bundle. */
  public Path containerd(String id, Pod pod, Root root) throws IOException {
    String sandboxId = sandboxId(pod);
    Path sandbox = host.resolve(TASKS).resolve(sandboxId);
    if (!Files.exists(sandbox)) {
      writeBundle(sandbox, "rootfs", containerdAnnotations(pod, sandboxId, true));
      makeRoot(sandbox.resolve("rootfs"), new Scratch());
      writePid(sandbox.resolve("init.pid"));
    }
    Path bundle = host.resolve(TASKS).resolve(id);
    writeBundle(bundle, "rootfs", containerdAnnotations(pod, sandboxId, false));
    makeRoot(bundle.resolve("rootfs"), root);
    writePid(bundle.resolve("init.pid"));
    return bundle;
  }

  /** A CRI-O container (and its sandbox); returns its {@code userdata} bundle. */
  public Path crio(String id, Pod pod, String imageDigest, String created, Root root) throws IOException {
    String sandboxId = sandboxId(pod);
    Path sandbox = host.resolve(CRIO_CONTAINERS).resolve(sandboxId).resolve("userdata");
    if (!Files.exists(sandbox)) {
      String sandboxRoot = "/var/lib/containers/storage/overlay/" + layer(sandboxId) + "/merged";
      writeBundle(sandbox, sandboxRoot, crioAnnotations(sandboxId, pod, imageDigest, created, true));
      makeRoot(host.resolve(sandboxRoot.substring(1)), new Scratch());
      writePid(sandbox.resolve("pidfile"));
    }
    Path bundle = host.resolve(CRIO_CONTAINERS).resolve(id).resolve("userdata");
    String rootPath = "/var/lib/containers/storage/overlay/" + layer(id) + "/merged";
    writeBundle(bundle, rootPath, crioAnnotations(id, pod, imageDigest, created, false));
    makeRoot(host.resolve(rootPath.substring(1)), root);
    writePid(bundle.resolve("pidfile"));
    return bundle;
  }

  /** Ends a container's init process: its pid's {@code /proc} directory goes. */
  public void stop(Path bundle) throws IOException {
    for (String name : new String[] {"init.pid", "pidfile"}) {
      Path pidFile = bundle.resolve(name);
      if (Files.exists(pidFile)) {
        Path proc = host.resolve("proc").resolve(Files.readString(pidFile).strip());
        Files.deleteIfExists(proc.resolve("stat"));
        Files.deleteIfExists(proc);
      }
    }
  }

  /** Removes a containerd bundle the way the shim does when the task is deleted. */
  public void delete(Path bundle) throws IOException {
    try (var files = Files.walk(bundle)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Sets when the container's init process started, in its {@code /proc/<pid>/stat}. */
  public void startedAt(Path bundle, Instant when) throws IOException {
    String pid = Files.readString(bundle.resolve("init.pid")).strip();
    writeStat(pid, (when.toEpochMilli() - BOOT.toEpochMilli()) / 10);
  }

  /** When the fixture host booted ({@code btime} of {@code /proc/stat}). */
  public static final Instant BOOT = Instant.parse("2026-11-30T00:00:00Z");

  private void writePid(Path pidFile) throws IOException {
    int pid = nextPid++;
    Files.createDirectories(host.resolve("proc"));
    if (!Files.exists(host.resolve("proc/stat"))) {
      Files.writeString(host.resolve("proc/stat"), "cpu  1 0 1 100 0 0 0 0 0 0\nbtime "
          + BOOT.getEpochSecond() + "\nprocesses 5000\n");
    }
    writeStat(Integer.toString(pid), 360000);
    Files.writeString(pidFile, Integer.toString(pid));
  }

  /** A {@code /proc/<pid>/stat} line as the kernel writes it, with the start time in ticks. */
  private void writeStat(String pid, long startTicks) throws IOException {
    Path dir = Files.createDirectories(host.resolve("proc").resolve(pid));
    Files.writeString(dir.resolve("stat"), pid + " (sh) S 1 " + pid + " " + pid
        + " 0 -1 4194560 120 0 0 0 0 0 0 0 20 0 1 0 " + startTicks
        + " 2711552 220 18446744073709551615 1 1 0 0 0 0 0 0 65536 0 0 0 17 0 0 0 0 0 0\n");
  }

  private void makeRoot(Path dir, Root root) throws IOException {
    Files.createDirectories(dir.getParent());
    if (root instanceof Tree tree) {
      HostTrees.materialize(tree.name(), dir);
    } else if (root instanceof InPlace inPlace) {
      Files.createSymbolicLink(dir, inPlace.dir().toAbsolutePath());
    } else if (root instanceof Scratch) {
      for (String d : new String[] {"proc", "dev", "sys", "etc"}) {
        Files.createDirectories(dir.resolve(d));
      }
    } else {
      Files.createDirectories(dir);
    }
  }

  /** An OCI runtime config as the runtimes write it, with the parts the agent reads. */
  private static void writeBundle(Path bundle, String rootPath, Map<String, String> annotations)
      throws IOException {
    Files.createDirectories(bundle);
    ObjectNode config = JSON.createObjectNode().put("ociVersion", "1.1.0");
    var process = config.putObject("process").put("terminal", false).put("cwd", "/");
    process.putObject("user").put("uid", 0).put("gid", 0);
    process.putArray("args").add("/bin/sh");
    config.putObject("root").put("path", rootPath).put("readonly", false);
    config.put("hostname", "");
    config.putArray("mounts").addObject().put("destination", "/proc").put("type", "proc").put("source", "proc");
    var a = config.putObject("annotations");
    annotations.forEach(a::put);
    config.putObject("linux").putArray("namespaces").addObject().put("type", "mount");
    JSON.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("config.json").toFile(), config);
  }

  private static Map<String, String> containerdAnnotations(Pod pod, String sandboxId, boolean sandbox) {
    Map<String, String> a = new LinkedHashMap<>();
    if (!sandbox) {
      a.put("io.kubernetes.cri.container-name", pod.container());
    }
    a.put("io.kubernetes.cri.container-type", sandbox ? "sandbox" : "container");
    if (!sandbox) {
      a.put("io.kubernetes.cri.image-name", pod.image());
    }
    a.put("io.kubernetes.cri.sandbox-id", sandboxId);
    if (sandbox) {
      a.put("io.kubernetes.cri.sandbox-log-directory", "/var/log/pods/" + pod.namespace() + "_" + pod.name()
          + "_" + pod.uid());
    }
    a.put("io.kubernetes.cri.sandbox-name", pod.name());
    a.put("io.kubernetes.cri.sandbox-namespace", pod.namespace());
    a.put("io.kubernetes.cri.sandbox-uid", pod.uid());
    return a;
  }

  private static Map<String, String> crioAnnotations(String id, Pod pod, String digest, String created,
      boolean sandbox) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (!sandbox) {
      labels.put("io.kubernetes.container.name", pod.container());
    }
    labels.put("io.kubernetes.pod.name", pod.name());
    labels.put("io.kubernetes.pod.namespace", pod.namespace());
    labels.put("io.kubernetes.pod.uid", pod.uid());
    Map<String, String> a = new LinkedHashMap<>();
    a.put("io.container.manager", "cri-o");
    a.put("io.kubernetes.cri-o.ContainerID", id);
    a.put("io.kubernetes.cri-o.ContainerType", sandbox ? "sandbox" : "container");
    a.put("io.kubernetes.cri-o.Created", created);
    if (!sandbox) {
      String repo = pod.image().replaceFirst(":[^:/]+$", "");
      a.put("io.kubernetes.cri-o.ImageName", pod.image());
      a.put("io.kubernetes.cri-o.ImageRef", repo + "@" + digest);
      a.put("io.kubernetes.cri-o.Name", "k8s_" + pod.container() + "_" + pod.name() + "_" + pod.namespace()
          + "_" + pod.uid() + "_0");
    }
    try {
      a.put("io.kubernetes.cri-o.Labels", JSON.writeValueAsString(labels));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    a.put("io.kubernetes.cri-o.SandboxID", sandboxId(pod));
    a.putAll(labels);
    return a;
  }

  /** A stable sandbox id per pod, 64 hex digits like the runtimes'. */
  private static String sandboxId(Pod pod) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(pod.uid().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String layer(String id) {
    return new StringBuilder(id).reverse().toString();
  }
}
