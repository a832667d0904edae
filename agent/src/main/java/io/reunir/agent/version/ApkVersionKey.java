package io.reunir.agent.version;

import java.util.List;

/**
 * Alpine (apk-tools) version keys: byte order equals apk's version comparison.
 *
 * <p>apk reads {@code 1.2.3a_rc1_p2-r4} as a chain of tokens, each with a kind and a value: the first
 * number, {@code .number} parts, one lower-case letter, {@code _suffix} with an optional number, and
 * {@code -rN}. A {@code .} part that starts with zeros is special: its value is minus the count of
 * zeros and the digits after them form a separate number token ({@code 1.01 < 1.1}, {@code 1.001 <
 * 1.01}). Two versions compare token by token: while the kinds agree the values decide; where the
 * kinds differ, the version that goes on with a pre-release suffix ({@code _alpha _beta _pre _rc}) is
 * older, and otherwise the one that goes on with a "later" kind is older, in the order
 * {@code .number} (newest) &gt; number after a letter &gt; letter &gt; post suffix ({@code _cvs _svn
 * _git _hg _p}) &gt; suffix number &gt; {@code -rN} &gt; the end &gt; pre suffix.
 *
 * <p>So the key writes each token as one capital letter for its kind, in that order from {@code A}
 * (pre suffix) to {@code H} ({@code .number}), then its value: numbers per {@link NumberKey}; a
 * {@code .0…} part as {@code !} and its zero count written descending; other {@code .} parts as
 * {@code #} and the number; a letter as itself; a suffix as its index in apk's list. The end of the
 * version is {@code B}. {@code 1.2_rc1-r3} becomes {@code G11 H#12 A3 D11 C13 B} without the spaces.
 *
 * <p>One quirk of apk-tools 2.x is kept on purpose: after a leading-zero part the following digits
 * are a number token even when there are none, so {@code 1.0_rc1} sorts after {@code 1.0} (while
 * {@code 1.1_rc1} sorts before {@code 1.1}). The key follows the tool, not the intent.
 *
 * <p>A version apk itself would call invalid (e.g. {@code 1.0bc}, {@code 23_foo}) has no key.
 */
public final class ApkVersionKey {
  private static final List<String> PRE = List.of("alpha", "beta", "pre", "rc");
  private static final List<String> POST = List.of("cvs", "svn", "git", "hg", "p");

  /** Token kinds, in apk's order of appearance. */
  private enum Kind { DIGIT_OR_ZERO, DIGIT, LETTER, SUFFIX, SUFFIX_NO, REVISION_NO, END, INVALID }

  private ApkVersionKey() {}

  public static String of(String version) {
    String v = version;
    if (v.isEmpty()) {
      throw new IllegalArgumentException("empty version");
    }
    StringBuilder key = new StringBuilder(v.length() * 2 + 2);
    Kind kind = Kind.DIGIT;
    int pos = 0;
    while (true) {
      int start = pos;
      switch (kind) {
        case DIGIT_OR_ZERO -> {
          if (v.charAt(pos) == '0') {
            while (pos < v.length() && v.charAt(pos) == '0') {
              pos++;
            }
            key.append('H').append('!');
            NumberKey.appendDescending(key, pos - start);
            if (pos == v.length()) {
              key.append('B');
              return key.toString();
            }
            // The digits after the zeros are a number token of their own.
            kind = Kind.DIGIT;
            continue;
          }
          pos = digits(v, pos);
          key.append('H').append('#');
          NumberKey.append(key, v, start, pos);
        }
        case DIGIT, SUFFIX_NO, REVISION_NO -> {
          pos = digits(v, pos);
          key.append(kind == Kind.DIGIT ? 'G' : kind == Kind.SUFFIX_NO ? 'D' : 'C');
          NumberKey.append(key, v, start, pos);
        }
        case LETTER -> {
          key.append('F').append(v.charAt(pos));
          pos++;
        }
        case SUFFIX -> {
          int pre = suffix(PRE, v, pos);
          int post = pre < 0 ? suffix(POST, v, pos) : -1;
          if (pre >= 0) {
            key.append('A').append((char) ('0' + pre));
            pos += PRE.get(pre).length();
          } else if (post >= 0) {
            key.append('E').append((char) ('0' + post));
            pos += POST.get(post).length();
          } else {
            throw invalid(version);
          }
        }
        default -> throw invalid(version);
      }
      if (pos >= v.length()) {
        key.append('B');
        return key.toString();
      }
      Kind next = next(kind, v, pos);
      if (next == Kind.INVALID) {
        throw invalid(version);
      }
      // The separator is consumed with the kind: '.', '_' or "-r"; a letter or digit is not.
      char c = v.charAt(pos);
      if (c == '.' || c == '_') {
        pos++;
      } else if (c == '-') {
        pos += 2;
      }
      if (pos >= v.length()) {
        // apk gives a token cut off right after its separator the value 0.
        key.append(switch (next) {
          case DIGIT_OR_ZERO -> "H#0";
          case SUFFIX -> "E0";
          case REVISION_NO -> "C0";
          default -> throw invalid(version);
        }).append('B');
        return key.toString();
      }
      kind = next;
    }
  }

  /** The kind of the token at {@code pos}, given the kind before it. */
  private static Kind next(Kind before, String v, int pos) {
    char c = v.charAt(pos);
    Kind n;
    if ((before == Kind.DIGIT || before == Kind.DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') {
      n = Kind.LETTER;
    } else if (before == Kind.LETTER && NumberKey.isDigit(c)) {
      n = Kind.DIGIT;
    } else if (before == Kind.SUFFIX && NumberKey.isDigit(c)) {
      n = Kind.SUFFIX_NO;
    } else if (c == '.') {
      n = Kind.DIGIT_OR_ZERO;
    } else if (c == '_') {
      n = Kind.SUFFIX;
    } else if (c == '-' && pos + 1 < v.length() && v.charAt(pos + 1) == 'r') {
      n = Kind.REVISION_NO;
    } else {
      return Kind.INVALID;
    }
    // Tokens only move forward in the chain, but for three steps back that apk allows.
    if (n.ordinal() < before.ordinal()
        && !(n == Kind.DIGIT_OR_ZERO && before == Kind.DIGIT)
        && !(n == Kind.SUFFIX && before == Kind.SUFFIX_NO)
        && !(n == Kind.DIGIT && before == Kind.LETTER)) {
      return Kind.INVALID;
    }
    return n;
  }

  private static int digits(String v, int pos) {
    while (pos < v.length() && NumberKey.isDigit(v.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private static int suffix(List<String> names, String v, int pos) {
    for (int i = 0; i < names.size(); i++) {
      if (v.startsWith(names.get(i), pos)) {
        return i;
      }
    }
    return -1;
  }

  private static IllegalArgumentException invalid(String version) {
    return new IllegalArgumentException("invalid apk version '" + version + "'");
  }
}
