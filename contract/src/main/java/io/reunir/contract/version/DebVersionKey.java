package io.reunir.contract.version;

/**
 * Debian version keys: byte order equals {@code dpkg --compare-versions}.
 *
 * <p>dpkg splits {@code [epoch:]upstream[-revision]} (the revision after the last hyphen) and compares
 * epoch numerically, then upstream, then revision. Each of those two strings is compared as
 * alternating runs: a run of non-digits character by character, where {@code ~} sorts before
 * everything, even the end of the run; then the end of the run (a digit or the end of the string);
 * then letters in ASCII order; then every other character in ASCII order. Then a run of digits
 * compared numerically, an empty run counting as zero.
 *
 * <p>The key is: the epoch as a number (see {@link NumberKey}), then the upstream part, then the
 * revision part. A part is written run by run: each non-digit character mapped, then the digit run
 * as a number, and after the last digit run the terminator {@code #}. The mapping keeps that order
 * in bytes: {@code ~} becomes {@code !}, below the terminator {@code #} and below the digits
 * {@code 0}-{@code 9} with which a number (the end of a non-digit run) begins; letters stay
 * themselves; any other character {@code c} becomes {@code {c}, above every letter. Every run's
 * encoding is prefix-free, so the parts need no separators. {@code 1:2.30~rc1-1} becomes
 * {@code 11 12{.230!rc11# 11#}} without the spaces.
 *
 * <p>Only printable ASCII is accepted (dpkg itself rejects anything else in a version).
 */
public final class DebVersionKey {
  private static final char TILDE = '!';
  private static final char END = '#';
  private static final char OTHER = '{';

  private DebVersionKey() {}

  public static String of(String version) {
    String v = version.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("empty version");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new IllegalArgumentException("invalid character in version '" + version + "'");
      }
    }
    StringBuilder key = new StringBuilder(v.length() * 2 + 4);
    int colon = v.indexOf(':');
    String epoch = colon < 0 ? "0" : v.substring(0, colon);
    if (epoch.isEmpty() || !epoch.chars().allMatch(c -> NumberKey.isDigit((char) c))) {
      throw new IllegalArgumentException("epoch in version '" + version + "' is not a number");
    }
    NumberKey.append(key, epoch, 0, epoch.length());
    String rest = v.substring(colon + 1);
    int hyphen = rest.lastIndexOf('-');
    String upstream = hyphen < 0 ? rest : rest.substring(0, hyphen);
    String revision = hyphen < 0 ? "" : rest.substring(hyphen + 1);
    if (upstream.isEmpty()) {
      throw new IllegalArgumentException("version '" + version + "' has an empty upstream part");
    }
    appendPart(key, upstream);
    appendPart(key, revision);
    return key.toString();
  }

  private static void appendPart(StringBuilder key, String part) {
    int i = 0;
    int n = part.length();
    do {
      while (i < n && !NumberKey.isDigit(part.charAt(i))) {
        char c = part.charAt(i++);
        if (c == '~') {
          key.append(TILDE);
        } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
          key.append(c);
        } else {
          key.append(OTHER).append(c);
        }
      }
      int start = i;
      while (i < n && NumberKey.isDigit(part.charAt(i))) {
        i++;
      }
      NumberKey.append(key, part, start, i);
    } while (i < n);
    key.append(END);
  }
}
