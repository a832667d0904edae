package io.reunir.agent.probe.hardware;

/** IPv6 addresses as /proc writes them (32 hex digits) turned into RFC 5952 text. */
final class Ipv6Text {
  private Ipv6Text() {}

  /** The canonical text, or null when the input is not 32 hex digits. */
  static String fromHex(String hex) {
    if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return null;
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = Integer.parseInt(hex.substring(i * 4, i * 4 + 4), 16);
    }
    // RFC 5952: the longest run of two or more zero groups (the first one on a tie) becomes "::".
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
