package io.reunir.agent.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Optional;

/**
 * Whether a host root can be read at all. A missing or empty root (a mount that did not happen, a typo
 * in {@code hostRoot}) looks to every probe like a host with nothing installed; said here once, it is
 * every probe's error instead, and the inventory in Elasticsearch stays as it was.
 */
final class HostRootCheck {
  private HostRootCheck() {}

  static Optional<String> problem(HostRoot host) {
    var root = host.root();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(root)) {
      return Optional.of("host root " + root + " does not exist or is not a directory");
    }
    try (var entries = Files.list(root)) {
      if (entries.findAny().isEmpty()) {
        return Optional.of("host root " + root + " is empty (is the host file system mounted there?)");
      }
    } catch (IOException | SecurityException e) {
      return Optional.of("host root " + root + " cannot be listed: " + e);
    }
    return Optional.empty();
  }
}
