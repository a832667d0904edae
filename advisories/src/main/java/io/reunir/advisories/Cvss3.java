package io.reunir.advisories;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CVSS v3.0/v3.1 base score of a vector string (https://www.first.org/cvss/v3.1/specification-document,
 * section 7): OSV records carry only the vector, ECS's {@code vulnerability.score.base} is the number.
 */
public final class Cvss3 {
  private Cvss3() {}

  /** The base score, or empty when {@code vector} is not a complete CVSS 3.x base vector. */
  public static Optional<Double> baseScore(String vector) {
    if (vector == null || !(vector.startsWith("CVSS:3.0/") || vector.startsWith("CVSS:3.1/"))) {
      return Optional.empty();
    }
    Map<String, String> m = new HashMap<>();
    for (String part : vector.substring(9).split("/")) {
      int colon = part.indexOf(':');
      if (colon < 1) {
        return Optional.empty();
      }
      m.put(part.substring(0, colon), part.substring(colon + 1));
    }
    try {
      boolean changed = switch (m.get("S")) {
        case "U" -> false;
        case "C" -> true;
        default -> throw new IllegalArgumentException();
      };
      double av = pick(m.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
      double ac = pick(m.get("AC"), "L", 0.77, "H", 0.44);
      double pr = changed ? pick(m.get("PR"), "N", 0.85, "L", 0.68, "H", 0.5)
          : pick(m.get("PR"), "N", 0.85, "L", 0.62, "H", 0.27);
      double ui = pick(m.get("UI"), "N", 0.85, "R", 0.62);
      double c = cia(m.get("C"));
      double i = cia(m.get("I"));
      double a = cia(m.get("A"));
      double iss = 1 - (1 - c) * (1 - i) * (1 - a);
      double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
      double exploitability = 8.22 * av * ac * pr * ui;
      if (impact <= 0) {
        return Optional.of(0.0);
      }
      double sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
      return Optional.of(roundUp(Math.min(sum, 10)));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** The qualitative rating of a score (specification, section 5). */
  public static String rating(double score) {
    if (score == 0) {
      return "none";
    }
    return score < 4 ? "low" : score < 7 ? "medium" : score < 9 ? "high" : "critical";
  }

  private static double cia(String value) {
    return pick(value, "H", 0.56, "L", 0.22, "N", 0.0);
  }

  private static double pick(String value, Object... pairs) {
    for (int k = 0; k < pairs.length; k += 2) {
      if (pairs[k].equals(value)) {
        return (Double) pairs[k + 1];
      }
    }
    throw new IllegalArgumentException();
  }

  /** Roundup as CVSS 3.1 Appendix A defines it, free of floating-point surprises. */
  static double roundUp(double value) {
    long scaled = Math.round(value * 100_000);
    return scaled % 10_000 == 0 ? scaled / 100_000.0 : (Math.floor(scaled / 10_000.0) + 1) / 10.0;
  }
}
