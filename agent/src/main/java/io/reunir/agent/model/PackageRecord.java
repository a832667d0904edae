package io.reunir.agent.model;

import java.time.Instant;

/**
 * One installed package. {@code version} is the full version as the package manager prints it
 * ({@code [epoch:]version-release}); {@code type} is {@code deb}, {@code rpm}, {@code apk} or an immutable image's type
 * ({@code bottlerocket}, {@code cos}, {@code talos}, {@code flatcar});
 * {@code size} is bytes. {@code source} and {@code sourceVersion} name the source package (Debian's
 * {@code Source:}, rpm's source rpm, apk's origin): security trackers speak in source packages.
 * {@code state} is dpkg's status word for a package whose files are on disk ({@code installed},
 * {@code triggers-pending}, {@code unpacked}, …); null for managers that keep no such state.
 */
public record PackageRecord(
    String type,
    String name,
    String version,
    String architecture,
    String epoch,
    String release,
    String source,
    String sourceVersion,
    Long size,
    Instant installed,
    String state) {

  /** A package of a manager that keeps no dpkg-like state. */
  public PackageRecord(String type, String name, String version, String architecture, String epoch,
      String release, String source, String sourceVersion, Long size, Instant installed) {
    this(type, name, version, architecture, epoch, release, source, sourceVersion, size, installed, null);
  }
}
