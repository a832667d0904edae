package io.reunir.contract.version;

import java.math.BigInteger;

/**
 * apk-tools 3.x's pairwise comparison ({@code src/version.c}: {@code token_next}, {@code token_cmp},
 * {@code apk_version_compare}), written as a direct comparison without keys so that the key order can
 * be checked against it on versions the published test data never names.
 */
final class ApkCompareOracle {
  private static final int INITIAL_DIGIT = 0;
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX = 3;
  private static final int SUFFIX_NO = 4;
  private static final int COMMIT_HASH = 5;
  private static final int REVISION_NO = 6;
  private static final int END = 7;
  private static final int INVALID = 8;
  /** apk's suffix values: the pre-release ones below NONE, the post-release ones above. */
  private static final String[] SUFFIXES = {"alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"};
  private static final int NONE = 4;
  private static final BigInteger MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private ApkCompareOracle() {}

  /** One token and the rest of the version after it. */
  private static final class Tokens {
    final String s;
    int pos;
    int token = INITIAL_DIGIT;
    int suffix;
    BigInteger number = BigInteger.ZERO;
    String value = "";

    Tokens(String s) {
      this.s = s;
      digits();
    }

    private void digits() {
      int start = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
        pos++;
      }
      value = s.substring(start, pos);
      number = value.isEmpty() ? BigInteger.ZERO : new BigInteger(value).and(MASK);
      if (value.isEmpty()) {
        token = INVALID;
      }
    }

    void next() {
      if (pos >= s.length()) {
        token = END;
        return;
      }
      char c = s.charAt(pos);
      if (c >= 'a' && c <= 'z') {
        if (token > DIGIT) {
          token = INVALID;
          return;
        }
        value = String.valueOf(c);
        token = LETTER;
        pos++;
      } else if (c == '.' || (c >= '0' && c <= '9')) {
        if (c == '.') {
          if (token > DIGIT) {
            token = INVALID;
            return;
          }
          pos++;
        }
        if (token == INITIAL_DIGIT || token == DIGIT) {
          token = DIGIT;
        } else if (token == SUFFIX) {
          token = SUFFIX_NO;
        } else {
          token = INVALID;
          return;
        }
        digits();
      } else if (c == '_') {
        if (token > SUFFIX_NO) {
          token = INVALID;
          return;
        }
        int start = ++pos;
        while (pos < s.length() && s.charAt(pos) >= 'a' && s.charAt(pos) <= 'z') {
          pos++;
        }
        value = s.substring(start, pos);
        suffix = value.isEmpty() ? -1 : java.util.Arrays.asList(SUFFIXES).indexOf(value);
        token = suffix < 0 ? INVALID : SUFFIX;
      } else if (c == '~') {
        if (token >= COMMIT_HASH) {
          token = INVALID;
          return;
        }
        int start = ++pos;
        while (pos < s.length() && "0123456789abcdef".indexOf(s.charAt(pos)) >= 0) {
          pos++;
        }
        value = s.substring(start, pos);
        token = value.isEmpty() ? INVALID : COMMIT_HASH;
      } else if (c == '-') {
        if (token >= REVISION_NO || !s.startsWith("-r", pos)) {
          token = INVALID;
          return;
        }
        pos += 2;
        token = REVISION_NO;
        digits();
      } else {
        token = INVALID;
      }
    }
  }

  /** Whether apk accepts the version at all ({@code apk_version_validate}). */
  static boolean valid(String version) {
    Tokens t = new Tokens(version);
    while (t.token < END) {
      t.next();
    }
    return t.token == END;
  }

  private static int tokenCompare(Tokens a, Tokens b) {
    switch (a.token) {
      case DIGIT:
        if (a.value.charAt(0) == '0' || b.value.charAt(0) == '0') {
          return Integer.signum(a.value.compareTo(b.value));
        }
        return a.number.compareTo(b.number);
      case INITIAL_DIGIT:
      case SUFFIX_NO:
      case REVISION_NO:
        return a.number.compareTo(b.number);
      case LETTER:
        return Integer.signum(a.value.charAt(0) - b.value.charAt(0));
      case SUFFIX:
        return Integer.compare(a.suffix, b.suffix);
      default:
        return Integer.signum(a.value.compareTo(b.value));
    }
  }

  /** -1, 0 or 1 as apk orders {@code a} against {@code b}. */
  static int compare(String a, String b) {
    Tokens x = new Tokens(a);
    Tokens y = new Tokens(b);
    for (; x.token == y.token && x.token < END; x.next(), y.next()) {
      int r = tokenCompare(x, y);
      if (r != 0) {
        return r;
      }
    }
    if (x.token == y.token) {
      return 0;
    }
    if (x.token == SUFFIX && x.suffix < NONE) {
      return -1;
    }
    if (y.token == SUFFIX && y.suffix < NONE) {
      return 1;
    }
    return x.token > y.token ? -1 : 1;
  }
}
