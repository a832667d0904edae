package io.reunir.agent.probe.hardware;

import io.reunir.agent.model.FilesystemFacts;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The host's real file systems with their size and free bytes.
 *
 * <p>Sizes come from the mount point seen through the host root, but only when that path really is
 * the host's mount: its device number must equal the device in mountinfo. Otherwise (the host root
 * was mounted without its sub-mounts, or it is a fixture tree) the agent would report the size of
 * whatever file system holds the empty mount-point folder, so size and free are left out and the
 * reason recorded. {@code free} is what an unprivileged user can still use (statvfs {@code
 * f_bavail}), as {@code df}'s "Avail" column shows.
 *
 * <p>Not OSHI's: it lists {@code proc/mounts}, which is {@code self/mounts}, the agent's own mount
 * namespace, sizes them in that namespace and runs {@code lsblk} for labels.
 */
final class FilesystemReader {
  private FilesystemReader() {}

  static List<FilesystemFacts> read(
      HostRoot host, List<MountInfoParser.Mount> mounts, BiConsumer<String, String> error) {
    List<FilesystemFacts> result = new ArrayList<>();
    List<String> unsized = new ArrayList<>();
    for (MountInfoParser.Mount mount : MountInfoParser.realFilesystems(mounts)) {
      Long size = null;
      Long free = null;
      String why = null;
      try {
        Path path = host.resolve(mount.mountPoint());
        Object dev = Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        String seen = dev instanceof Long number ? majorMinor(number) : null;
        if (!mount.device().equals(seen)) {
          why = "device " + seen + " under the host root, " + mount.device() + " on the host";
        } else {
          FileStore store = Files.getFileStore(path);
          size = store.getTotalSpace();
          free = store.getUsableSpace();
        }
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        why = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (why != null) {
        unsized.add(mount.mountPoint() + " (" + why + ")");
      }
      result.add(
          new FilesystemFacts(
              Bounded.text(mount.mountPoint()), Bounded.text(mount.type()), size, free));
    }
    if (!unsized.isEmpty()) {
      error.accept(
          "hardware",
          Bounded.text(
              "file system size unknown, the host's mount is not "
                  + "visible through the host root: "
                  + String.join("; ", unsized)));
    }
    return result;
  }

  /** Linux's dev_t split as glibc's major()/minor() do it. */
  static String majorMinor(long dev) {
    long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
    long minor = (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
    return major + ":" + minor;
  }
}
