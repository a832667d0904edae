package io.reunir.contract.version;

import java.util.Set;

/**
 * The sortable key of a package version: an ASCII string whose plain byte order (Elasticsearch's
 * keyword order) is the package manager's own version order, so a range query or a sort on
 * {@code reunir.package.version_key} answers "older than the fixed version?" exactly.
 */
public final class VersionKey {
  /** The package types that have a key. */
  public static final Set<String> TYPES =
      Set.of("deb", "rpm", "apk", "bottlerocket", "cos", "flatcar", "talos");

  private VersionKey() {}

  /**
   * The key of {@code version} for package type {@code type}. Bottlerocket's inventory lists the rpm
   * packages its image was built from, so they sort as rpm does; Container-Optimized OS and Flatcar are
   * built with portage and sort as portage does; a Talos SBOM's components sort by SemVer.
   *
   * @throws IllegalArgumentException for an unknown type or a version the package manager would reject
   */
  public static String of(String type, String version) {
    if (version == null) {
      throw new IllegalArgumentException("no version");
    }
    return switch (type) {
      case "deb" -> DebVersionKey.of(version);
      case "rpm" -> RpmVersionKey.of(version);
      case "apk" -> ApkVersionKey.of(version);
      case "bottlerocket" -> RpmVersionKey.of(version);
      case "cos", "flatcar" -> PortageVersionKey.of(version);
      case "talos" -> SemverVersionKey.of(version);
      default -> throw new IllegalArgumentException("unknown package type '" + type + "' (known: "
          + String.join(", ", TYPES.stream().sorted().toList()) + ")");
    };
  }
}
