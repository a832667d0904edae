package io.reunir.advisories;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an OSV ecosystem's records apply, in the words the agent uses for a host: {@code platform}
 * is os-release's {@code ID} (the agent's {@code host.os.platform}); {@code release} is compared with
 * the field {@code scope} names; {@code packageType} is the agent's {@code package.type}.
 * {@code subscription} is {@code pro} for Ubuntu Pro (ESM) records, whose fixes need that
 * subscription, and null otherwise.
 *
 * <p>The mapping, by ecosystem string (https://ossf.github.io/osv-schema/#affectedpackage-field):
 * <pre>
 *   Debian:12                     debian      12         host.os.version  deb
 *   Ubuntu:22.04:LTS, Ubuntu:20.10 ubuntu     22.04      host.os.version  deb
 *   Ubuntu:Pro:18.04:LTS          ubuntu      18.04      host.os.version  deb (subscription pro)
 *   Alpine:v3.18                  alpine      3.18       host.os.version  apk
 *   AlmaLinux:9                   almalinux   9          host.os.version  rpm
 *   Rocky Linux:9                 rocky       9          host.os.version  rpm
 *   Red Hat:enterprise_linux:9::… rhel        9          host.os.version  rpm (also rhel_eus, rhel_aus, …)
 *   SUSE:Linux Enterprise Server 15 SP5  (any)  SUSE Linux Enterprise Server 15 SP5  host.os.full  rpm
 *   openSUSE:Leap 15.5            (any)       openSUSE Leap 15.5  host.os.full  rpm
 *   Wolfi                         wolfi       (rolling)                   apk
 *   Chainguard                    chainguard  (rolling)                   apk
 * </pre>
 * os-release's {@code VERSION_ID} is {@code 12} on Debian but {@code 3.18.4} on Alpine and
 * {@code 9.3} on AlmaLinux, so a release matches the host's version itself or any version below it
 * ({@code 3.18} matches {@code 3.18.4}, never {@code 3.180}). SUSE and openSUSE name their products
 * as os-release's {@code PRETTY_NAME} does without its first word ({@code SUSE Linux Enterprise
 * Server 15 SP5}, {@code openSUSE Leap 15.5}), which the agent reports as {@code host.os.full}.
 */
public record Distribution(String platform, String release, Scope scope, String packageType,
    String subscription) {

  /** How a release is compared with a host. */
  public enum Scope {
    /** {@code host.os.version} is the release or starts with the release and a dot. */
    VERSION,
    /** {@code host.os.full} is the release. */
    PRETTY_NAME,
    /** A rolling distribution: every host of the platform. */
    ROLLING
  }

  private static final Pattern UBUNTU = Pattern.compile("Ubuntu:(Pro:)?(\\d\\d\\.\\d\\d)(:LTS)?");
  private static final Pattern NUMBERED = Pattern.compile("(Debian|AlmaLinux|Rocky Linux):(\\d+(\\.\\d+)*)");
  private static final Pattern ALPINE = Pattern.compile("Alpine:v(\\d+\\.\\d+)");
  private static final Pattern RED_HAT =
      Pattern.compile("Red Hat:(enterprise_linux|rhel_eus|rhel_aus|rhel_e4s|rhel_tus):(\\d+(\\.\\d+)?)(:.*)?");
  private static final Pattern SUSE = Pattern.compile("(SUSE|openSUSE):(.+)");

  /** The distribution of an ecosystem string, or empty for one this mapping does not know. */
  public static Optional<Distribution> of(String ecosystem) {
    Matcher m;
    if ((m = UBUNTU.matcher(ecosystem)).matches()) {
      return Optional.of(new Distribution("ubuntu", m.group(2), Scope.VERSION, "deb",
          m.group(1) == null ? null : "pro"));
    }
    if ((m = NUMBERED.matcher(ecosystem)).matches()) {
      String platform = switch (m.group(1)) {
        case "Debian" -> "debian";
        case "AlmaLinux" -> "almalinux";
        default -> "rocky";
      };
      return Optional.of(new Distribution(platform, m.group(2), Scope.VERSION,
          platform.equals("debian") ? "deb" : "rpm", null));
    }
    if ((m = ALPINE.matcher(ecosystem)).matches()) {
      return Optional.of(new Distribution("alpine", m.group(1), Scope.VERSION, "apk", null));
    }
    if ((m = RED_HAT.matcher(ecosystem)).matches()) {
      return Optional.of(new Distribution("rhel", m.group(2), Scope.VERSION, "rpm", null));
    }
    if ((m = SUSE.matcher(ecosystem)).matches()) {
      String name = m.group(2).startsWith(m.group(1) + " ") ? m.group(2) : m.group(1) + " " + m.group(2);
      return Optional.of(new Distribution(null, name, Scope.PRETTY_NAME, "rpm", null));
    }
    return switch (ecosystem) {
      case "Wolfi" -> Optional.of(new Distribution("wolfi", null, Scope.ROLLING, "apk", null));
      case "Chainguard" -> Optional.of(new Distribution("chainguard", null, Scope.ROLLING, "apk", null));
      default -> Optional.empty();
    };
  }
}
