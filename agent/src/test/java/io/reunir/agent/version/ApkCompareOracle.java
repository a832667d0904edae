package io.reunir.agent.version;

/**
 * apk-tools' pairwise comparison, written as a direct comparison (no keys) for the test: the key
 * order must agree with it on versions the vectors never name. It follows apk-tools 2.x's compare
 * loop token by token; numbers here stay small enough that apk's int arithmetic is exact.
 */
final class ApkCompareOracle {
  private static final int INVALID = -1;
  private static final int DIGIT_OR_ZERO = 0;
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX = 3;
  private static final int SUFFIX_NO = 4;
  private static final int REVISION_NO = 5;
  private static final int END = 6;
  private static final String[] PRE = {"alpha", "beta", "pre", "rc"};
  private static final String[] POST = {"cvs", "svn", "git", "hg", "p"};

  private ApkCompareOracle() {}

  /** Whether apk accepts the version at all. */
  static boolean valid(String version) {
    Cursor c = new Cursor(version);
    while (c.type != END && c.type != INVALID) {
      c.take();
    }
    return c.type == END;
  }

  /** A cursor over one version: the kind of the token under it and where it is. */
  private static final class Cursor {
    final String s;
    int pos;
    int type = DIGIT;

    Cursor(String s) {
      this.s = s;
    }

    /** Reads the token under the cursor, returns its value, and moves type to the next token's. */
    long take() {
      if (pos >= s.length()) {
        type = END;
        return 0;
      }
      long v = 0;
      int i = pos;
      int nextType = INVALID;
      if (type == DIGIT_OR_ZERO && s.charAt(i) == '0') {
        while (i < s.length() && s.charAt(i) == '0') {
          i++;
        }
        v = -(i - pos);
        nextType = DIGIT;
      } else if (type == DIGIT_OR_ZERO || type == DIGIT || type == SUFFIX_NO || type == REVISION_NO) {
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          v = v * 10 + (s.charAt(i++) - '0');
        }
      } else if (type == LETTER) {
        v = s.charAt(i++);
      } else if (type == SUFFIX) {
        int found = -1;
        for (int k = 0; k < PRE.length && found < 0; k++) {
          if (s.startsWith(PRE[k], i)) {
            found = k;
            v = k - PRE.length;
            i += PRE[k].length();
          }
        }
        for (int k = 0; k < POST.length && found < 0; k++) {
          if (s.startsWith(POST[k], i)) {
            found = k;
            v = k;
            i += POST[k].length();
          }
        }
        if (found < 0) {
          type = INVALID;
          return -1;
        }
      } else {
        type = INVALID;
        return -1;
      }
      pos = i;
      if (pos >= s.length()) {
        type = END;
      } else if (nextType != INVALID) {
        type = nextType;
      } else {
        advance();
      }
      return v;
    }

    private void advance() {
      char c = s.charAt(pos);
      int n = INVALID;
      if ((type == DIGIT || type == DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') {
        n = LETTER;
      } else if (type == LETTER && Character.isDigit(c)) {
        n = DIGIT;
      } else if (type == SUFFIX && Character.isDigit(c)) {
        n = SUFFIX_NO;
      } else {
        if (c == '.') {
          n = DIGIT_OR_ZERO;
        } else if (c == '_') {
          n = SUFFIX;
        } else if (c == '-' && pos + 1 < s.length() && s.charAt(pos + 1) == 'r') {
          n = REVISION_NO;
          pos++;
        }
        pos++;
      }
      if (n < type && !((n == DIGIT_OR_ZERO && type == DIGIT) || (n == SUFFIX && type == SUFFIX_NO)
          || (n == DIGIT && type == LETTER))) {
        n = INVALID;
      }
      type = n;
    }
  }

  /** -1, 0 or 1 as apk orders {@code a} against {@code b}. */
  static int compare(String a, String b) {
    Cursor x = new Cursor(a);
    Cursor y = new Cursor(b);
    long av = 0;
    long bv = 0;
    while (x.type == y.type && x.type != END && x.type != INVALID && av == bv) {
      av = x.take();
      bv = y.take();
    }
    if (av != bv) {
      return av < bv ? -1 : 1;
    }
    if (x.type == y.type) {
      return 0;
    }
    if (x.type == SUFFIX && isPre(x)) {
      return -1;
    }
    if (y.type == SUFFIX && isPre(y)) {
      return 1;
    }
    return x.type > y.type ? -1 : 1;
  }

  /** Whether the suffix under {@code at} is a pre-release one. */
  private static boolean isPre(Cursor at) {
    for (String p : PRE) {
      if (at.s.startsWith(p, at.pos)) {
        return true;
      }
    }
    return false;
  }
}
