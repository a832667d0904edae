package io.reunir.agent.probe.containers;

import io.reunir.agent.model.ContainerRecord;
import io.reunir.agent.model.ContainerRecord.Content;
import io.reunir.agent.model.ContainerRecord.State;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The packages inside the node's running containers (opt-in): each running container of
 * containerd's CRI namespace and of CRI-O (see {@link RuntimeLayouts}), its pod from the runtime's
 * annotations ({@link PodAnnotations}), and its root's package databases read by the node's own
 * package probe ({@link RootReader}). Pause (sandbox) containers are skipped.
 *
 * <p>A container that went away between the listing and its read is {@code vanished}; a root the
 * agent cannot read is {@code unreadable}, with the reason; a root with no package database is
 * {@code no_package_database}. None of these stops the others or the node's own inventory, and an
 * unreadable one is also this probe's error, since a failed read is not an absence. A runtime whose
 * state directory was listed whole is complete ({@code containers/containerd}): only then are its
 * stopped containers' documents deleted.
 *
 * <p>Fields of each container document: {@code container.id}, {@code container.runtime},
 * {@code container.image.name}, {@code container.image.hash.all} (CRI-O's digest),
 * {@code kubernetes.namespace}, {@code kubernetes.pod.name}, {@code kubernetes.pod.uid},
 * {@code kubernetes.container.name}, {@code reunir.scope} ({@code container}),
 * {@code reunir.container.started}, {@code .fingerprint}, {@code .state}, {@code .error},
 * {@code .packages}, {@code .os.platform}/{@code .version}/{@code .full} (the image's os-release) and
 * {@code .package_keys} ({@code name|version_key}), plus the node fields. The image documents carry
 * {@code package.*} and {@code reunir.package.*} as the packages index does, {@code host.os.*} of the
 * image and {@code reunir.image.fingerprint}. Samples: {@code src/test/resources/samples/container.json},
 * {@code image-package.json}, {@code image-manifest.json}, checked by {@code ContainerSampleDocumentTest}.
 */
public final class ContainersProbe implements Probe {
  public static final String NAME = "containers";

  private final RootReader roots;
  private final ImageCache cache;
  private Optional<Long> bootSeconds = Optional.empty();

  /** {@code packages}: the node's package probe, run on each container's root. */
  public ContainersProbe(Probe packages, ImageCache cache) {
    this.roots = new RootReader(packages, cache);
    this.cache = cache;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> kinds() {
    return List.of(NAME);
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) {
    bootSeconds = ProcessStart.bootSeconds(host);
    List<ContainerRecord> containers = new ArrayList<>();
    runtime(host, snapshot, RuntimeLayouts.CONTAINERD, RuntimeLayouts.CONTAINERD_TASKS,
        RuntimeLayouts::containerd, containers);
    runtime(host, snapshot, RuntimeLayouts.CRIO, RuntimeLayouts.CRIO_RUN, RuntimeLayouts::crio, containers);
    cache.endRound();
    snapshot.addContainers(containers);
    List<ContainerRecord> unreadable = containers.stream()
        .filter(c -> c.content().state() == State.UNREADABLE).toList();
    if (!unreadable.isEmpty()) {
      var first = unreadable.get(0);
      snapshot.error(NAME, unreadable.size() + " container root(s) unreadable; " + first.runtime() + " "
          + first.id() + ": " + first.content().error());
    }
  }

  /** A runtime's bundles under the host root; empty when the runtime's state is not there. */
  @FunctionalInterface
  private interface BundleLister {
    Optional<List<RuntimeBundle>> list(HostRoot host) throws IOException;
  }

  private void runtime(HostRoot host, Snapshot.Builder snapshot, String runtime, String stateDir,
      BundleLister lister, List<ContainerRecord> into) {
    Optional<List<RuntimeBundle>> bundles;
    try {
      bundles = lister.list(host);
    } catch (IOException e) {
      snapshot.error(NAME, runtime + " " + stateDir + ": " + e);
      return;
    }
    for (RuntimeBundle bundle : bundles.orElse(List.of())) {
      read(host, bundle).ifPresent(into::add);
    }
    snapshot.complete(NAME + "/" + runtime);
  }

  /** The container of a bundle, or empty for a sandbox or a container that is not running. */
  private Optional<ContainerRecord> read(HostRoot host, RuntimeBundle bundle) {
    OciConfig config;
    try (InputStream in = host.open(bundle.config())) {
      config = OciConfig.parse(in, host.hostPath(bundle.config()));
    } catch (NoSuchFileException e) {
      return Optional.of(failed(bundle, PodAnnotations.of(bundle.runtime(), java.util.Map.of()),
          State.VANISHED, "its bundle went away while it was read"));
    } catch (IOException e) {
      return Optional.of(failed(bundle, PodAnnotations.of(bundle.runtime(), java.util.Map.of()),
          State.UNREADABLE, Bounded.text(e.toString())));
    }
    var pod = PodAnnotations.of(bundle.runtime(), config.annotations());
    if (pod.sandbox()) {
      return Optional.empty();
    }
    Optional<Long> pid = pid(host, bundle);
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    Instant started = pod.created() != null ? pod.created() : ProcessStart.of(host, pid.get(), bootSeconds);
    Content content;
    try {
      content = roots.read(root(host, bundle, config));
    } catch (NoSuchFileException e) {
      content = Content.failed(State.VANISHED, "its root went away while it was read");
    } catch (IOException | RuntimeException e) {
      content = Content.failed(State.UNREADABLE, Bounded.text(e.toString()));
    }
    if (content.state() == State.UNREADABLE && !running(host, pid.get())) {
      content = Content.failed(State.VANISHED, "it stopped while it was read");
    }
    return Optional.of(new ContainerRecord(bundle.id(), bundle.runtime(), pod.pod(), pod.imageName(),
        pod.imageDigests(), started, content));
  }

  private static ContainerRecord failed(RuntimeBundle bundle, PodAnnotations pod, State state, String why) {
    return new ContainerRecord(bundle.id(), bundle.runtime(), pod.pod(), pod.imageName(), pod.imageDigests(),
        null, Content.failed(state, why));
  }

  /**
   * The container's root: {@code root.path} relative to the bundle (containerd's {@code rootfs}, the
   * shim's mount point inside the runtime's own directory) or a host path (CRI-O's).
   */
  private static Path root(HostRoot host, RuntimeBundle bundle, OciConfig config) throws IOException {
    String path = config.rootPath() == null ? "rootfs" : config.rootPath();
    if (path.startsWith("/")) {
      return host.resolve(path);
    }
    if (Path.of(path).normalize().startsWith("..")) {
      throw new IOException(host.hostPath(bundle.config()) + ": root.path leaves the bundle");
    }
    return bundle.dir().resolve(path).normalize();
  }

  /** The running container's init pid: its pid file names a live host process. */
  private static Optional<Long> pid(HostRoot host, RuntimeBundle bundle) {
    try (InputStream in = host.open(bundle.pidFile())) {
      String text = new String(in.readNBytes(32), StandardCharsets.US_ASCII).strip();
      long pid = Long.parseLong(text);
      return pid > 0 && running(host, pid) ? Optional.of(pid) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean running(HostRoot host, long pid) {
    try {
      return Files.isDirectory(host.resolve("/proc/" + pid));
    } catch (IOException e) {
      return false;
    }
  }
}
