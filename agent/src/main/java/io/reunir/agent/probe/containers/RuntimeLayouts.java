package io.reunir.agent.probe.containers;

import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where each runtime keeps its running containers' bundles (checked against containerd 1.7 and 2.0's
 * runtime v2 shim and CRI-O 1.28 to 1.31 with containers/storage):
 * <ul>
 *   <li>containerd: {@code /run/containerd/io.containerd.runtime.v2.task/k8s.io/<id>/}, the shim's
 *       bundle, while the task exists: {@code config.json}, {@code init.pid}, {@code rootfs/} (the
 *       mounted root). {@code k8s.io} is the CRI plugin's namespace; other namespaces are not pods.
 *   <li>CRI-O: {@code /run/containers/storage/<driver>-containers/<id>/userdata/}: {@code
 *       config.json}, {@code pidfile}; the root is config.json's {@code root.path} (the driver's
 *       {@code merged} mount under {@code /var/lib/containers/storage}). The bundle stays after the
 *       container exits, so only a live pid counts it as running.
 * </ul>
 */
final class RuntimeLayouts {
  static final String CONTAINERD = "containerd";
  static final String CRIO = "cri-o";
  static final String CONTAINERD_TASKS = "/run/containerd/io.containerd.runtime.v2.task/k8s.io";
  static final String CRIO_RUN = "/run/containers/storage";

  private RuntimeLayouts() {}

  /** containerd's bundles; empty when containerd keeps no CRI tasks here (not its node). */
  static Optional<List<RuntimeBundle>> containerd(HostRoot host) throws IOException {
    Path tasks = host.resolve(CONTAINERD_TASKS);
    if (!Files.isDirectory(tasks, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    List<RuntimeBundle> bundles = new ArrayList<>();
    for (Path dir : directories(tasks)) {
      bundles.add(new RuntimeBundle(CONTAINERD, dir.getFileName().toString(), dir, dir.resolve("init.pid")));
    }
    return Optional.of(bundles);
  }

  /** CRI-O's bundles, of every storage driver's {@code <driver>-containers} directory. */
  static Optional<List<RuntimeBundle>> crio(HostRoot host) throws IOException {
    Path run = host.resolve(CRIO_RUN);
    if (!Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    List<RuntimeBundle> bundles = new ArrayList<>();
    for (Path driver : directories(run)) {
      if (!driver.getFileName().toString().endsWith("-containers")) {
        continue;
      }
      for (Path dir : directories(driver)) {
        Path userdata = dir.resolve("userdata");
        bundles.add(new RuntimeBundle(CRIO, dir.getFileName().toString(), userdata,
            userdata.resolve("pidfile")));
      }
    }
    return Optional.of(bundles);
  }

  /** The directories in {@code dir}, sorted by name; links and files are not bundles. */
  private static List<Path> directories(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          found.add(entry);
        }
      }
    }
    found.sort(null);
    return found;
  }
}
