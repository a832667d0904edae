package io.reunir.contract.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes-style durations: {@code 90s}, {@code 15m}, {@code 1h}, {@code 1h30m}. */
public final class Durations {
  /** The same pattern the CRD schema uses, so both sides accept exactly the same strings. */
  public static final String PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";
  /**
   * The longest duration accepted. A schedule further apart than a year is a mistake, and the bound
   * keeps every instant and millisecond count the agent derives from a duration inside a long.
   */
  public static final Duration MAX = Duration.ofHours(8760);
  private static final Pattern PART = Pattern.compile("([0-9]+)([hms])");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || text.isEmpty() || !text.matches(PATTERN)) {
      throw new IllegalArgumentException("'" + text + "' is not a duration like 90s, 15m, 1h or 1h30m");
    }
    long seconds = 0;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      // Digits past MAX in any unit make the whole duration too long; parsing them could overflow.
      String digits = m.group(1).replaceFirst("^0+(?=.)", "");
      long n = digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits);
      long unit = switch (m.group(2)) {
        case "h" -> 3600;
        case "m" -> 60;
        default -> 1;
      };
      seconds += Math.min(n, MAX.toSeconds() + 1) * unit;
      if (seconds > MAX.toSeconds()) {
        throw new IllegalArgumentException("'" + text + "' is longer than the maximum " + format(MAX));
      }
    }
    return Duration.ofSeconds(seconds);
  }

  /** The shortest Kubernetes-style spelling of a duration. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    var out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      out.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0 || out.isEmpty()) {
      out.append(s).append('s');
    }
    return out.toString();
  }
}
