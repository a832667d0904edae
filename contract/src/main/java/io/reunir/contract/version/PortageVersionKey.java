package io.reunir.contract.version;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gentoo (portage) version keys, for the images built with portage (Container-Optimized OS,
 * Flatcar): byte order equals portage's {@code vercmp} as the Package Manager Specification defines
 * it (algorithms 3.1 to 3.7).
 *
 * <p>A version is {@code N(.N)*[a-z]?(_suffix[N])*(-rN)?} and is compared part by part. The first
 * number is an integer. Each later {@code .} part that starts with {@code 0} is compared as a string
 * with its trailing zeros removed ({@code 1.01 < 1.1}, {@code 1.001 < 1.01}); two parts without a
 * leading zero compare as integers; and a version with more parts is newer once the shared ones are
 * equal ({@code 1.0 < 1.0.0}). Then the letter (none is oldest), then the suffixes in turn, where
 * {@code _alpha < _beta < _pre < _rc} &lt; no further suffix &lt; {@code _p}, equal suffixes
 * comparing their numbers (none is 0); last the revision ({@code -r0} equals none).
 *
 * <p>The key writes each part so that byte order is that order and every part's encoding ends
 * itself: the first number per {@link NumberKey}; each later part as {@code B} and its zero-led
 * digits stripped of trailing zeros, closed by {@code !}, or {@code C} and its number; {@code A}
 * after the last part; the letter or {@code !}; each suffix as one capital from {@code A}
 * ({@code _alpha}) to {@code F} ({@code _p}) and its number, and {@code E} where they end; the
 * revision number. {@code 1.02b_rc1-r3} becomes {@code 11 B02! A b D11 E 13} without the spaces.
 *
 * <p>A string portage would not accept as a version (e.g. {@code 1.2-beta}, {@code v1}) has no key.
 */
public final class PortageVersionKey {
  private static final Pattern VERSION = Pattern.compile(
      "(\\d+)((?:\\.\\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|p)\\d*)*)(?:-r(\\d+))?");
  private static final Pattern SUFFIX = Pattern.compile("_(alpha|beta|pre|rc|p)(\\d*)");
  /** Suffix names in portage's order, with the end of the suffixes between {@code rc} and {@code p}. */
  private static final List<String> SUFFIXES = List.of("alpha", "beta", "pre", "rc", "", "p");

  private PortageVersionKey() {}

  /** Whether portage would accept {@code version}. */
  public static boolean isValid(String version) {
    return VERSION.matcher(version).matches();
  }

  public static String of(String version) {
    Matcher m = VERSION.matcher(version);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid portage version '" + version + "'");
    }
    StringBuilder key = new StringBuilder(version.length() * 2 + 4);
    NumberKey.append(key, m.group(1), 0, m.group(1).length());
    String parts = m.group(2);
    if (!parts.isEmpty()) {
      for (String part : parts.substring(1).split("\\.")) {
        if (part.charAt(0) == '0') {
          int end = part.length();
          while (end > 0 && part.charAt(end - 1) == '0') {
            end--;
          }
          key.append('B').append(part, 0, end).append('!');
        } else {
          key.append('C');
          NumberKey.append(key, part, 0, part.length());
        }
      }
    }
    key.append('A');
    key.append(m.group(3).isEmpty() ? "!" : m.group(3));
    Matcher suffix = SUFFIX.matcher(m.group(4));
    while (suffix.find()) {
      key.append((char) ('A' + SUFFIXES.indexOf(suffix.group(1))));
      NumberKey.append(key, suffix.group(2), 0, suffix.group(2).length());
    }
    key.append((char) ('A' + SUFFIXES.indexOf("")));
    String revision = m.group(5) == null ? "0" : m.group(5);
    NumberKey.append(key, revision, 0, revision.length());
    return key.toString();
  }
}
