package io.reunir.agent.probe.owners;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.packages.ApkInstalledParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * File owners from apk's installed database: each {@code R:} file under its {@code F:} directory
 * belongs to the block's {@code P:} package. Read on the first question and only once, from the first
 * of {@link ApkInstalledParser#PATHS} that exists (the one the packages probe reads); a path is looked
 * up as {@link FileIndex} describes. A database that cannot be read owns nothing here; the packages
 * probe is the one that reports it.
 */
public final class ApkFileOwners implements PackageOwners {
  private final HostRoot host;
  private FileIndex owners;

  public ApkFileOwners(HostRoot host) {
    this.host = host;
  }

  @Override
  public Optional<String> owner(String hostPath) {
    return index().owner(hostPath);
  }

  /** How many paths the database names; zero when the host has no apk database. */
  public int size() {
    return index().size();
  }

  private synchronized FileIndex index() {
    if (owners == null) {
      owners = load();
    }
    return owners;
  }

  private FileIndex load() {
    FileIndex index = new FileIndex(host);
    try {
      for (String path : ApkInstalledParser.PATHS) {
        Path file = host.resolve(path);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          try (InputStream in = HostRoot.openChecked(file)) {
            ApkInstalledParser.files(in, index::add);
          }
          return index;
        }
      }
    } catch (IOException e) {
      // What was read before the failure still names owners.
    }
    return index;
  }
}
