package io.reunir.agent.probe.containers;

import io.reunir.agent.model.ContainerRecord.Content;
import io.reunir.agent.model.ContainerRecord.State;
import io.reunir.agent.model.ImageRecord;
import io.reunir.agent.model.OsRelease;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.host.OsReleaseParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Reads one container root's packages with the node's own package readers, on a {@link HostRoot}
 * of that root: the same dpkg (with {@code status.d}), rpm (sqlite, NDB, Berkeley DB) and apk code.
 * The fingerprint is the SHA-256 of the package database files and os-release (each path, length and
 * bytes): the image's identity as far as its packages go, whatever its tag or registry, and a
 * container whose packages changed after it started gets its own.
 */
final class RootReader {
  private final Probe packages;
  private final ImageCache cache;

  /** {@code packages}: the node's package probe, run on the container's root. */
  RootReader(Probe packages, ImageCache cache) {
    this.packages = packages;
    this.cache = cache;
  }

  /** What the root holds; {@link NoSuchFileException} when it went away (the caller tells why). */
  Content read(Path rootDir) throws IOException {
    if (!Files.isDirectory(rootDir)) {
      throw new NoSuchFileException(rootDir.toString());
    }
    if (isEmpty(rootDir)) {
      return Content.failed(State.UNREADABLE, "the container's root is empty: it was mounted after the"
          + " agent started and the runtime's state directory is mounted without HostToContainer"
          + " propagation");
    }
    var root = new HostRoot(rootDir);
    var found = PackageDatabaseFiles.find(root);
    if (!found.hasDatabase()) {
      return Content.failed(State.NO_PACKAGE_DATABASE, "no dpkg, rpm or apk database in the container's"
          + " root (a distroless static or scratch image)");
    }
    var stats = PackageDatabaseFiles.stat(found);
    ImageRecord image = cache.byStat(stats);
    if (image != null) {
      return Content.read(image);
    }
    String fingerprint = fingerprint(found);
    image = cache.byFingerprint(fingerprint, stats);
    if (image != null) {
      return Content.read(image);
    }
    var part = Snapshot.builder("container", Instant.EPOCH);
    try {
      packages.collect(root, part);
    } catch (Exception e) {
      return Content.failed(State.UNREADABLE, e.toString());
    }
    Snapshot read = part.build();
    if (!read.errors().isEmpty()) {
      int more = read.errors().size() - 1;
      return Content.failed(State.UNREADABLE, read.errors().get(0).error()
          + (more > 0 ? " (and " + more + " more)" : ""));
    }
    image = new ImageRecord(fingerprint, osRelease(root, found), read.packages());
    cache.parsed(stats, image);
    return Content.read(image);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }

  private static OsRelease osRelease(HostRoot root, PackageDatabaseFiles.Found found) throws IOException {
    for (Path file : found.osRelease().values()) {
      try (InputStream in = root.open(file)) {
        return OsReleaseParser.parse(new String(in.readNBytes(HostRoot.MAX_TEXT_BYTES), StandardCharsets.UTF_8));
      }
    }
    return null;
  }

  static String fingerprint(PackageDatabaseFiles.Found found) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[64 * 1024];
    for (var e : found.all().entrySet()) {
      sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      long length = 0;
      try (InputStream in = HostRoot.openChecked(e.getValue())) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
          length += n;
        }
      }
      sha.update(("\0" + length + "\0").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
