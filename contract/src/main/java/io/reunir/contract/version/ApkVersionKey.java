package io.reunir.contract.version;

import java.math.BigInteger;
import java.util.List;

/**
 * Alpine (apk-tools) version keys: byte order equals apk-tools 3.x's version comparison.
 *
 * <p>apk's grammar is {@code number{.number}...{letter}{_suffix{number}}...{~hash}{-rN}}: the first
 * number, {@code .} parts, one lower-case letter, any number of suffixes ({@code _alpha _beta _pre
 * _rc} before the release, {@code _cvs _svn _git _hg _p} after it) each with an optional number, one
 * {@code ~} commit hash of lower-case hex digits, one {@code -rN} revision. apk compares two versions
 * token by token: while the kinds agree the values decide; where they differ the version that goes on
 * with a pre-release suffix is older, and otherwise the one that goes on with a "later" kind is older:
 * {@code .part} (newest) &gt; letter &gt; post suffix &gt; suffix number &gt; hash &gt; {@code -rN}
 * &gt; the end &gt; pre suffix. So each token is written as a capital letter for its kind in that
 * order ({@code A} pre suffix to {@code H} {@code .part}, {@code B} the end) and then its value.
 *
 * <p>Values: numbers per {@link NumberKey}; a suffix as its index; the letter as itself; the hash as
 * its digits ended by {@code !} (apk sorts hashes as strings). A {@code .} part that starts with
 * {@code 0} is compared by apk 3 as a string against any other part ({@code 1.01 < 1.1}, {@code 1.0 <
 * 1.00}, {@code 1.09 > 1.010}), so it is written as its digits ended by {@code !}, and any other
 * {@code .} part as {@code :} and its number, above every string of digits.
 *
 * <p>Where apk-tools 2.14 differs the key follows 3.x (Alpine's own tool since Alpine 3.23): 2.14
 * ranks a zero-led part by its count of zeros and then by value ({@code 1.00 < 1.0}, {@code 1.09 <
 * 1.010}), rejects {@code ~hash} and numbers of 18 or more digits, and accepts a digit after the
 * letter ({@code 1.0a1}) and an empty part after a separator ({@code 1.}, {@code 1_}, {@code 1-r}),
 * all of which 3.x rejects. apk 3 keeps numbers in 64 bits and so wraps longer ones; the key wraps
 * them the same way. A version apk rejects has no key: {@link #of} throws.
 */
public final class ApkVersionKey {
  private static final List<String> PRE = List.of("alpha", "beta", "pre", "rc");
  private static final List<String> POST = List.of("cvs", "svn", "git", "hg", "p");
  private static final BigInteger WRAP = BigInteger.ONE.shiftLeft(64);

  /** apk's token kinds, in the order a version may go through them. */
  private enum Kind { FIRST, PART, LETTER, SUFFIX, SUFFIX_NO, HASH, REVISION }

  private ApkVersionKey() {}

  public static String of(String version) {
    String v = version;
    StringBuilder key = new StringBuilder(v.length() * 2 + 4);
    int pos = number(v, 0, version);
    appendNumber(key, v, 0, pos);
    Kind kind = Kind.FIRST;
    while (pos < v.length()) {
      char c = v.charAt(pos);
      int start;
      if (c >= 'a' && c <= 'z') {
        require(kind.compareTo(Kind.PART) <= 0, version);
        key.append('G').append(c);
        pos++;
        kind = Kind.LETTER;
      } else if (c == '.') {
        require(kind.compareTo(Kind.PART) <= 0, version);
        start = pos + 1;
        pos = number(v, start, version);
        key.append('H');
        if (v.charAt(start) == '0') {
          key.append(v, start, pos).append('!');
        } else {
          key.append(':');
          appendNumber(key, v, start, pos);
        }
        kind = Kind.PART;
      } else if (c >= '0' && c <= '9') {
        // Only a suffix takes a number straight after it; a number ends where its digits do.
        require(kind == Kind.SUFFIX, version);
        start = pos;
        pos = number(v, start, version);
        key.append('E');
        appendNumber(key, v, start, pos);
        kind = Kind.SUFFIX_NO;
      } else if (c == '_') {
        require(kind.compareTo(Kind.SUFFIX_NO) <= 0, version);
        start = pos + 1;
        pos = start;
        while (pos < v.length() && v.charAt(pos) >= 'a' && v.charAt(pos) <= 'z') {
          pos++;
        }
        String name = v.substring(start, pos);
        if (PRE.contains(name)) {
          key.append('A').append(PRE.indexOf(name));
        } else if (POST.contains(name)) {
          key.append('F').append(POST.indexOf(name));
        } else {
          throw invalid(version);
        }
        kind = Kind.SUFFIX;
      } else if (c == '~') {
        require(kind.compareTo(Kind.HASH) < 0, version);
        start = pos + 1;
        pos = start;
        while (pos < v.length() && isHexDigit(v.charAt(pos))) {
          pos++;
        }
        require(pos > start, version);
        key.append('D').append(v, start, pos).append('!');
        kind = Kind.HASH;
      } else if (c == '-') {
        require(kind.compareTo(Kind.REVISION) < 0 && v.startsWith("-r", pos), version);
        start = pos + 2;
        pos = number(v, start, version);
        key.append('C');
        appendNumber(key, v, start, pos);
        kind = Kind.REVISION;
      } else {
        throw invalid(version);
      }
    }
    return key.append('B').toString();
  }

  /** The end of the digits at {@code from}; apk wants at least one. */
  private static int number(String v, int from, String version) {
    int pos = from;
    while (pos < v.length() && NumberKey.isDigit(v.charAt(pos))) {
      pos++;
    }
    require(pos > from, version);
    return pos;
  }

  /** A number as apk 3 holds it: modulo 2^64, which only numbers of 20 digits or more reach. */
  private static void appendNumber(StringBuilder key, String v, int from, int to) {
    if (to - from < 20) {
      NumberKey.append(key, v, from, to);
    } else {
      String wrapped = new BigInteger(v.substring(from, to)).mod(WRAP).toString();
      NumberKey.append(key, wrapped, 0, wrapped.length());
    }
  }

  private static boolean isHexDigit(char c) {
    return NumberKey.isDigit(c) || (c >= 'a' && c <= 'f');
  }

  private static void require(boolean valid, String version) {
    if (!valid) {
      throw invalid(version);
    }
  }

  private static IllegalArgumentException invalid(String version) {
    return new IllegalArgumentException("invalid apk version '" + version + "'");
  }
}
