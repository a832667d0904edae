package io.reunir.advisories;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.contract.doc.Doc;
import java.time.Instant;
import java.util.List;

/**
 * One document of {@code <prefix>-advisories}: one advisory for one package (the source package where
 * the distribution names source packages) in one distribution release, and one interval of affected
 * versions ({@code rangeIndex} counts them; distributions' records have one). A withdrawn advisory
 * keeps its documents, with no range, so a withdrawal replaces what was matchable before.
 */
public record AdvisoryDocument(
    String advisoryId,
    List<String> aliases,
    List<String> related,
    String summary,
    Severity severity,
    Instant published,
    Instant modified,
    Instant withdrawn,
    String ecosystem,
    Distribution distribution,
    String packageName,
    String purl,
    List<String> binaries,
    int rangeIndex,
    AffectedRange range,
    Status status,
    List<String> references,
    String advisoryUrl) {

  /** {@code fixed}: a fixed version is known; {@code no_fix}: none yet; {@code withdrawn}: not an advisory any more. */
  public enum Status {
    FIXED("fixed"), NO_FIX("no_fix"), WITHDRAWN("withdrawn");

    public final String value;

    Status(String value) {
      this.value = value;
    }
  }

  /** The document id: readable, and the same for the same record, so a re-import overwrites. */
  public String id() {
    return advisoryId + "/" + ecosystem + "/" + packageName + "/" + rangeIndex;
  }

  /** The document as indexed; field names are mapped by {@code templates/advisories.json}. */
  public ObjectNode toDocument() {
    var doc = new Doc()
        .put("@timestamp", modified != null ? modified : published)
        .put("vulnerability.id", advisoryId)
        .put("vulnerability.description", summary)
        .put("vulnerability.reference", advisoryUrl);
    putSeverity(doc, severity);
    doc.put("host.os.platform", distribution.platform())
        .put("package.name", packageName)
        .put("package.type", distribution.packageType())
        .put("reunir.advisory.aliases", aliases)
        .put("reunir.advisory.related", related)
        .put("reunir.advisory.ecosystem", ecosystem)
        .put("reunir.advisory.release", distribution.release())
        .put("reunir.advisory.subscription", distribution.subscription())
        .put("reunir.advisory.status", status.value)
        .put("reunir.advisory.published", published)
        .put("reunir.advisory.modified", modified)
        .put("reunir.advisory.withdrawn", withdrawn)
        .put("reunir.advisory.purl", purl)
        .put("reunir.advisory.binaries", binaries)
        .put("reunir.advisory.range_index", rangeIndex)
        .put("reunir.advisory.references", references);
    if (range != null) {
      doc.put("reunir.advisory.introduced", range.introduced())
          .put("reunir.advisory.introduced_key", range.introducedKey())
          .put("reunir.advisory.fixed", range.fixed())
          .put("reunir.advisory.fixed_key", range.fixedKey())
          .put("reunir.advisory.last_affected", range.lastAffected())
          .put("reunir.advisory.last_affected_key", range.lastAffectedKey())
          .put("reunir.advisory.limit", range.limit())
          .put("reunir.advisory.limit_key", range.limitKey());
    }
    return doc.json();
  }

  /** The ECS {@code vulnerability.*} severity fields, shared with the findings. */
  static void putSeverity(Doc doc, Severity severity) {
    String vector = severity.vector();
    doc.put("vulnerability.severity", severity.level())
        .put("vulnerability.score.base", severity.score())
        .put("vulnerability.score.version", vector == null ? null
            : vector.startsWith("CVSS:3.1/") ? "3.1" : vector.startsWith("CVSS:3.0/") ? "3.0"
            : vector.startsWith("CVSS:4.0/") ? "4.0" : null)
        .put("vulnerability.classification", vector == null ? null : "CVSS")
        .put("reunir.advisory.cvss_vector", vector)
        .put("reunir.advisory.severity_source", severity.source());
  }
}
