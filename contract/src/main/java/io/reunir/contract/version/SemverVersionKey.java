package io.reunir.contract.version;

/**
 * Semantic Versioning 2.0 keys, for the components a Talos SBOM lists (Go modules, Talos's own
 * parts and the C libraries it builds): byte order equals SemVer precedence.
 *
 * <p>A leading {@code v} (Go's spelling) is dropped, and so is {@code +build} metadata, which SemVer
 * leaves out of precedence. The core is one to three numbers; missing ones count as 0, so
 * {@code 1.2} sorts as {@code 1.2.0} (strict SemVer would reject it; generic packages write it).
 * A {@code -pre.release} sorts before the release without it; its dot-separated identifiers compare
 * in turn, numbers numerically and below words, words in ASCII order, and more identifiers are newer
 * once the shared ones are equal. Go pseudo-versions ({@code v0.0.0-20240101120000-abcdef123456})
 * are pre-releases of their base and so sort by their timestamp.
 *
 * <p>The key: the three numbers per {@link NumberKey}; then {@code 2} for a release or {@code 1}
 * followed by each identifier ({@code a} and its number, or {@code b}, the word and {@code !}) and
 * {@code !} to close. A version that is not of this form (e.g. {@code 2024b}, {@code 1.2.3.4}) has no
 * key: there is no order its publisher promises.
 */
public final class SemverVersionKey {
  private SemverVersionKey() {}

  public static String of(String version) {
    String v = version.startsWith("v") ? version.substring(1) : version;
    int plus = v.indexOf('+');
    if (plus >= 0) {
      v = v.substring(0, plus);
    }
    int dash = v.indexOf('-');
    String core = dash < 0 ? v : v.substring(0, dash);
    String[] numbers = core.split("\\.", -1);
    if (numbers.length > 3) {
      throw invalid(version);
    }
    StringBuilder key = new StringBuilder(v.length() * 2 + 8);
    for (int i = 0; i < 3; i++) {
      String n = i < numbers.length ? numbers[i] : "0";
      if (!digits(n)) {
        throw invalid(version);
      }
      NumberKey.append(key, n, 0, n.length());
    }
    if (dash < 0) {
      return key.append('2').toString();
    }
    key.append('1');
    for (String id : v.substring(dash + 1).split("\\.", -1)) {
      if (digits(id)) {
        key.append('a');
        NumberKey.append(key, id, 0, id.length());
      } else if (!id.isEmpty() && id.chars().allMatch(SemverVersionKey::identifierChar)) {
        key.append('b').append(id).append('!');
      } else {
        throw invalid(version);
      }
    }
    return key.append('!').toString();
  }

  private static boolean digits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean identifierChar(int c) {
    return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-';
  }

  private static IllegalArgumentException invalid(String version) {
    return new IllegalArgumentException("invalid semantic version '" + version + "'");
  }
}
