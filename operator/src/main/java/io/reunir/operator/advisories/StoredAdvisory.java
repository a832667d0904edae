package io.reunir.operator.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.AffectedRange;
import io.reunir.advisories.Distribution;
import io.reunir.advisories.Fields;
import io.reunir.advisories.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An advisory document read back from {@code <prefix>-advisories}: the match works from what the index
 * holds, not from the export, so a full match needs no download and sees exactly what was imported.
 */
final class StoredAdvisory {
  private StoredAdvisory() {}

  /** The document of {@code source}; an error names the document when it is not one we wrote. */
  static AdvisoryDocument of(String id, JsonNode source) {
    String ecosystem = Fields.text(source, "reunir.advisory.ecosystem");
    Distribution distribution = ecosystem == null ? null : Distribution.of(ecosystem).orElse(null);
    if (distribution == null) {
      throw new IllegalArgumentException(id + ": reunir.advisory.ecosystem '" + ecosystem
          + "' is not a distribution this operator knows");
    }
    String status = Fields.text(source, "reunir.advisory.status");
    AdvisoryDocument.Status parsed = null;
    for (AdvisoryDocument.Status s : AdvisoryDocument.Status.values()) {
      if (s.value.equals(status)) {
        parsed = s;
      }
    }
    if (parsed == null) {
      throw new IllegalArgumentException(id + ": reunir.advisory.status '" + status + "' is unknown");
    }
    AffectedRange range = parsed == AdvisoryDocument.Status.WITHDRAWN ? null : new AffectedRange(
        text(source, "introduced"), text(source, "introduced_key"), text(source, "fixed"),
        text(source, "fixed_key"), text(source, "last_affected"), text(source, "last_affected_key"),
        text(source, "limit"), text(source, "limit_key"));
    JsonNode score = source.at("/vulnerability/score/base");
    var severity = new Severity(Fields.text(source, "vulnerability.severity"),
        score.isNumber() ? score.asDouble() : null, text(source, "cvss_vector"),
        text(source, "severity_source"));
    return new AdvisoryDocument(Fields.text(source, "vulnerability.id"), list(source, "aliases"),
        list(source, "related"), Fields.text(source, "vulnerability.description"), severity,
        instant(source, "published"), instant(source, "modified"), instant(source, "withdrawn"),
        ecosystem, distribution, Fields.text(source, "package.name"), text(source, "purl"),
        list(source, "binaries"), source.at("/reunir/advisory/range_index").asInt(), range, parsed,
        list(source, "references"), Fields.text(source, "vulnerability.reference"));
  }

  private static String text(JsonNode source, String field) {
    return Fields.text(source, "reunir.advisory." + field);
  }

  private static Instant instant(JsonNode source, String field) {
    String text = text(source, field);
    return text == null ? null : Instant.parse(text);
  }

  private static List<String> list(JsonNode source, String field) {
    var values = new ArrayList<String>();
    source.path("reunir").path("advisory").path(field).forEach(v -> values.add(v.asText()));
    return List.copyOf(values);
  }
}
