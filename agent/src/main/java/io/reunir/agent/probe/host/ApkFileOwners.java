package io.reunir.agent.probe.host;

import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * File owners from apk's installed database: each {@code R:} file under its {@code F:} directory
 * belongs to the block's {@code P:} package. Read on the first question and only once, from the first
 * of {@link ApkInstalledParser#PATHS} that exists (the one the packages probe reads); a path is looked
 * up as {@link FileIndex} describes.
 */
public final class ApkFileOwners extends ListedFileOwners {
  public ApkFileOwners(HostRoot host) {
    super(host);
  }

  @Override
  protected void fill(FileIndex index) {
    try {
      for (String path : ApkInstalledParser.PATHS) {
        Path file = host.resolve(path);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          try (InputStream in = host.open(file)) {
            ApkInstalledParser.files(in, index::add);
          }
          return;
        }
      }
    } catch (IOException e) {
      // What was read before the failure still names owners.
    }
  }
}
