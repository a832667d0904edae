package io.reunir.agent.model;

import java.time.Instant;

/**
 * One installed package. {@code version} is the full version as the package manager prints it
 * ({@code [epoch:]version-release}); {@code type} is {@code deb}, {@code rpm}, {@code apk} or an immutable image's type
 * ({@code bottlerocket}, {@code cos}, {@code talos}, {@code flatcar});
 * {@code size} is bytes. {@code source} and {@code sourceVersion} name the source package (Debian's
 * {@code Source:}, rpm's source rpm, apk's origin): security trackers speak in source packages.
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
    Instant installed) {}
