package io.reunir.agent.probe.packages;

/**
 * A Debian version as {@code dpkg-query -W -f '${Version}'} prints it. dpkg does not echo the field:
 * it parses it into epoch, upstream version and revision and prints those back, so an epoch is
 * written as a plain number ({@code 01:} becomes {@code 1:}) and a zero epoch is left out ({@code
 * 0:2009.10.04-2+b1} becomes {@code 2009.10.04-2+b1}), unless the rest holds a colon, where leaving
 * it out would change the meaning. Mirrors {@code parseversion} and {@code varbufversion} (dpkg's
 * {@code lib/dpkg/parsehelp.c}); what dpkg only warns about while reading its status file (a
 * version not starting with a digit, odd characters) is kept as it is, as dpkg keeps it.
 */
final class DpkgVersion {
  private DpkgVersion() {}

  /** A version dpkg itself refuses to read; the message is dpkg's reason. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** The printed form of a trimmed, non-empty field value; the value itself when nothing changes. */
  static String printed(String value) throws Invalid {
    if (value.indexOf(' ') >= 0 || value.indexOf('\t') >= 0) {
      throw new Invalid("version string has embedded spaces");
    }
    int colon = value.indexOf(':');
    long epoch = colon < 0 ? 0 : epoch(value, colon);
    String rest = colon < 0 ? value : value.substring(colon + 1);
    if (rest.isEmpty()) {
      throw new Invalid("nothing after colon in version number");
    }
    int hyphen = rest.lastIndexOf('-');
    if (hyphen == rest.length() - 1) {
      throw new Invalid("revision number is empty");
    }
    if (hyphen == 0) {
      throw new Invalid("version number is empty");
    }
    if (colon < 0) {
      return value;
    }
    if (epoch == 0 && rest.indexOf(':') < 0) {
      return rest;
    }
    String number = Long.toString(epoch);
    return value.startsWith(number + ":") ? value : number + ":" + rest;
  }

  /** The epoch before {@code colon}, read as C's {@code strtol} reads it (a sign, then digits). */
  private static long epoch(String value, int colon) throws Invalid {
    int i = 0;
    boolean negative = false;
    if (colon > 0 && (value.charAt(0) == '+' || value.charAt(0) == '-')) {
      negative = value.charAt(0) == '-';
      i++;
    }
    int digits = i;
    long epoch = 0;
    while (i < colon && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
      epoch = Math.min(epoch * 10 + (value.charAt(i) - '0'), 1L << 40);
      i++;
    }
    if (i == digits) {
      throw new Invalid("epoch in version is empty");
    }
    if (i != colon) {
      throw new Invalid("epoch in version is not number");
    }
    if (negative && epoch > 0) {
      throw new Invalid("epoch in version is negative");
    }
    if (epoch > Integer.MAX_VALUE) {
      throw new Invalid("epoch in version is too big");
    }
    return epoch;
  }
}
