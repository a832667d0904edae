package io.reunir.advisories;

import io.reunir.advisories.osv.OsvAdvisory;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How serious an advisory is for one package. {@code level} is the distribution's own word where the
 * record has one (Ubuntu's priority, Debian's urgency, the Red Hat rating AlmaLinux and Rocky put at
 * the start of the summary), else the CVSS rating of {@code score}; {@code score} is the CVSS v3 base
 * score computed from {@code vector}; {@code source} says where {@code level} came from.
 */
public record Severity(String level, Double score, String vector, String source) {
  static final Severity NONE = new Severity(null, null, null, null);

  private static final Pattern RED_HAT_RATING =
      Pattern.compile("^(Low|Moderate|Important|Critical): .*", Pattern.DOTALL);

  /** The severity of {@code affected} in {@code advisory}: per-package severity wins over the record's. */
  static Severity of(OsvAdvisory advisory, OsvAdvisory.Affected affected) {
    List<OsvAdvisory.Severity> scores = affected.severity().isEmpty() ? advisory.severity()
        : affected.severity();
    String vector = null;
    Double score = null;
    String ubuntu = null;
    for (OsvAdvisory.Severity s : scores) {
      if (s.type().equals("CVSS_V3") && vector == null) {
        vector = s.score();
        score = Cvss3.baseScore(vector).orElse(null);
      } else if (s.type().equals("CVSS_V4") && vector == null) {
        vector = s.score();
      } else if (s.type().equals("Ubuntu")) {
        ubuntu = s.score();
      }
    }
    String level = word(affected.ecosystemSpecific().path("ubuntu_priority").asText(null));
    String source = level == null ? null : "ecosystem_specific.ubuntu_priority";
    if (level == null && ubuntu != null) {
      level = word(ubuntu);
      source = "severity.Ubuntu";
    }
    if (level == null) {
      level = word(affected.ecosystemSpecific().path("urgency").asText(null));
      source = level == null ? null : "ecosystem_specific.urgency";
    }
    if (level == null) {
      level = word(affected.databaseSpecific().path("severity").asText(null));
      source = level == null ? null : "database_specific.severity";
    }
    if (level == null && advisory.summary() != null) {
      Matcher m = RED_HAT_RATING.matcher(advisory.summary());
      if (m.matches()) {
        level = m.group(1).toLowerCase(Locale.ROOT);
        source = "summary";
      }
    }
    if (level == null && score != null) {
      level = Cvss3.rating(score);
      source = "cvss";
    }
    return new Severity(level, score, vector, source);
  }

  /** A short lowercase word; anything else (long text, control characters) is not a level. */
  private static String word(String text) {
    if (text == null) {
      return null;
    }
    // Debian marks some urgencies with a trailing "*" or "**" (an unsure rating).
    String clean = text.strip().replaceAll("\\*+$", "").strip().toLowerCase(Locale.ROOT);
    return clean.matches("[a-z][a-z -]{0,30}") ? clean : null;
  }
}
