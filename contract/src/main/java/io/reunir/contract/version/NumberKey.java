package io.reunir.contract.version;

/**
 * Writes a run of decimal digits so that byte order is numeric order, for numbers of any length.
 *
 * <p>Leading zeros are dropped (both dpkg and apk compare digit runs numerically). Zero is {@code 0}.
 * A number of 1 to 8 digits is its digit count ({@code 1}..{@code 8}) followed by the digits: a longer
 * number has a larger count, and equal counts compare digit by digit. Nine digits or more write
 * {@code 9}, then the digit count encoded the same way, then the digits, so the scheme never runs out
 * and every encoding is prefix-free (nothing need follow it to end it).
 */
final class NumberKey {
  private NumberKey() {}

  /** Appends digits {@code s[from, to)} (all {@code 0}-{@code 9}). */
  static void append(StringBuilder out, CharSequence s, int from, int to) {
    while (from < to && s.charAt(from) == '0') {
      from++;
    }
    appendLength(out, to - from);
    out.append(s, from, to);
  }

  private static void appendLength(StringBuilder out, int length) {
    if (length <= 8) {
      out.append((char) ('0' + length));
    } else {
      out.append('9');
      String digits = Integer.toString(length);
      append(out, digits, 0, digits.length());
    }
  }

  /** Appends the key of a non-negative number so that a larger number sorts first. */
  static void appendDescending(StringBuilder out, long value) {
    StringBuilder key = new StringBuilder();
    String digits = Long.toString(value);
    append(key, digits, 0, digits.length());
    for (int i = 0; i < key.length(); i++) {
      out.append((char) ('9' - (key.charAt(i) - '0')));
    }
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
