package io.reunir.contract.version;

/**
 * A keyword whose plain byte order equals rpm's version order ({@code rpm.vercmp}: epoch, then
 * version, then release, each compared with rpmvercmp), so Elasticsearch can range-query and sort
 * rpm versions as strings.
 *
 * <p>Parsing follows rpm's: the epoch is the leading digits when a {@code :} follows them (else 0;
 * an empty epoch is 0), the release is what follows the last {@code -} after the epoch, and a
 * missing release sorts before any release, even an empty one.
 *
 * <p>rpmvercmp splits a string into tokens: runs of ASCII digits, runs of ASCII letters, {@code ~}
 * and {@code ^}; everything else only separates. Compared token by token, the order is {@code ~}
 * &lt; end of string &lt; {@code ^} &lt; letters &lt; digits; letter runs compare as strings, digit
 * runs as numbers (leading zeros ignored). The key writes each token so that byte order reproduces
 * that:
 *
 * <pre>
 *   ~            '!'
 *   end          '#'
 *   ^            '%'
 *   letters      'a' + the letters + ','   (',' sorts below every letter, so "ab" &lt; "abc")
 *   digits       'n' + number             (number: see below)
 *   release      '-' when absent; '=' + tokens + '#' when present
 *   key          number(epoch) + ':' + version tokens + '#' + release
 * </pre>
 *
 * A number is written without leading zeros, prefixed by its digit count, itself prefixed by the
 * count's own length as one character ({@code '0' + length}): 0 is {@code "0"}, 7 is {@code "117"},
 * 1234 is {@code "141234"}. Shorter numbers therefore sort first and equal-length ones by digits.
 * Since every token is self-delimiting, a prefix character only ever meets another prefix character
 * at the same position, which is what makes plain byte order match token order. Example: {@code
 * 1.2.3-4.el9} is {@code 0:n111n112n113#=n114ael,n119#}.
 */
public final class RpmVersionKey {
  private static final char TILDE = '!';
  private static final char END = '#';
  private static final char CARET = '%';
  private static final char ALPHA = 'a';
  private static final char ALPHA_END = ',';
  private static final char NUMBER = 'n';
  private static final char NO_RELEASE = '-';
  private static final char RELEASE = '=';

  private RpmVersionKey() {}

  /** The key of {@code [epoch:]version[-release]}. */
  public static String of(String evr) {
    int digitsEnd = 0;
    while (digitsEnd < evr.length() && isDigit(evr.charAt(digitsEnd))) {
      digitsEnd++;
    }
    String epoch = "0";
    int versionStart = 0;
    if (digitsEnd < evr.length() && evr.charAt(digitsEnd) == ':') {
      epoch = evr.substring(0, digitsEnd);
      versionStart = digitsEnd + 1;
    }
    int dash = evr.lastIndexOf('-');
    boolean hasRelease = dash >= versionStart;
    String version = hasRelease ? evr.substring(versionStart, dash) : evr.substring(versionStart);

    StringBuilder key = new StringBuilder(evr.length() * 2 + 8);
    appendNumber(key, epoch, 0, epoch.length());
    key.append(':');
    appendTokens(key, version);
    if (hasRelease) {
      key.append(RELEASE);
      appendTokens(key, evr.substring(dash + 1));
    } else {
      key.append(NO_RELEASE);
    }
    return key.toString();
  }

  /** One rpmvercmp operand: its tokens, then the end marker. */
  private static void appendTokens(StringBuilder key, String s) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '~') {
        key.append(TILDE);
        i++;
      } else if (c == '^') {
        key.append(CARET);
        i++;
      } else if (isDigit(c)) {
        int start = i;
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
        key.append(NUMBER);
        appendNumber(key, s, start, i);
      } else if (isLetter(c)) {
        int start = i;
        while (i < n && isLetter(s.charAt(i))) {
          i++;
        }
        key.append(ALPHA).append(s, start, i).append(ALPHA_END);
      } else {
        i++; // a separator: it only splits tokens
      }
    }
    key.append(END);
  }

  private static void appendNumber(StringBuilder key, String s, int start, int end) {
    while (start < end && s.charAt(start) == '0') {
      start++;
    }
    int digits = end - start;
    if (digits == 0) {
      key.append('0');
      return;
    }
    String length = Integer.toString(digits);
    key.append((char) ('0' + length.length())).append(length).append(s, start, end);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
