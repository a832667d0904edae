package io.reunir.agent.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes-style durations: {@code 90s}, {@code 15m}, {@code 1h}, {@code 1h30m}. */
public final class Durations {
  /** The same pattern the CRD schema uses, so both sides accept exactly the same strings. */
  public static final String PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";
  private static final Pattern PART = Pattern.compile("([0-9]+)([hms])");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || text.isEmpty() || !text.matches(PATTERN)) {
      throw new IllegalArgumentException("'" + text + "' is not a duration like 90s, 15m, 1h or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      });
    }
    return total;
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
