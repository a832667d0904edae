package io.reunir.advisories.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.Fields;
import io.reunir.contract.doc.Doc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One installed package on one node that one advisory document affects: a document of
 * {@code <prefix>-findings}, with ECS {@code vulnerability.*} fields and the node context the package
 * document carried. {@code inUse} is null when the agent did not know.
 */
public record Finding(
    String node,
    String cluster,
    String nodePool,
    String osPlatform,
    String osVersion,
    String packageType,
    String packageName,
    String packageVersion,
    String architecture,
    String source,
    Boolean inUse,
    Boolean deletedInUse,
    List<String> deletedInUseBy,
    AdvisoryDocument advisory,
    Status status,
    Instant matchedAt) {

  /**
   * Whether the distribution has shipped a fixed version for this package's release; or, after the
   * fix was installed, that a process still runs the deleted old files ({@code deleted_in_use}), so
   * the node is not fixed until it restarts.
   */
  public enum Status {
    AFFECTED_FIX_AVAILABLE("affected_fix_available"), AFFECTED_NO_FIX("affected_no_fix"),
    FIXED_OLD_CODE_RUNNING("fixed_old_code_running");

    public final String value;

    Status(String value) {
      this.value = value;
    }
  }

  /** The finding of a package document that {@code advisory}'s rule matched. */
  public static Finding of(AdvisoryDocument advisory, JsonNode packageDoc, Instant matchedAt) {
    return new Finding(Fields.text(packageDoc, PackageFields.HOST_NAME),
        Fields.text(packageDoc, PackageFields.CLUSTER), Fields.text(packageDoc, PackageFields.NODE_POOL),
        Fields.text(packageDoc, PackageFields.OS_PLATFORM), Fields.text(packageDoc, PackageFields.OS_VERSION),
        Fields.text(packageDoc, PackageFields.TYPE), Fields.text(packageDoc, PackageFields.NAME),
        Fields.text(packageDoc, PackageFields.VERSION), Fields.text(packageDoc, PackageFields.ARCHITECTURE),
        Fields.text(packageDoc, PackageFields.SOURCE), Fields.bool(packageDoc, PackageFields.IN_USE),
        Fields.bool(packageDoc, PackageFields.DELETED_IN_USE), texts(packageDoc, PackageFields.DELETED_IN_USE_BY),
        advisory, advisory.range().hasFix() ? Status.AFFECTED_FIX_AVAILABLE : Status.AFFECTED_NO_FIX,
        matchedAt);
  }

  /** This finding with an earlier first-seen time: a finding keeps the time it was first seen. */
  public Finding firstSeen(Instant at) {
    return new Finding(node, cluster, nodePool, osPlatform, osVersion, packageType, packageName,
        packageVersion, architecture, source, inUse, deletedInUse, deletedInUseBy, advisory, status, at);
  }

  private static List<String> texts(JsonNode doc, String field) {
    JsonNode node = doc;
    for (String part : field.split("\\.")) {
      node = node.path(part);
    }
    if (!node.isArray()) {
      return null;
    }
    var values = new ArrayList<String>();
    node.forEach(v -> values.add(v.asText()));
    return List.copyOf(values);
  }

  /** The fixed version the node's distribution shipped, or null when there is none yet. */
  public String fixedVersion() {
    return advisory.range().fixed();
  }

  /** The document id: one per (node, installed package, advisory document). */
  public String id() {
    return node + "/" + packageType + "/" + packageName + "/" + architecture + "/" + advisory.id();
  }

  /** The document as indexed; field names are mapped by {@code templates/findings.json}. */
  public ObjectNode toDocument() {
    var doc = new Doc()
        .put("@timestamp", matchedAt)
        .put("orchestrator.cluster.name", cluster)
        .put("host.name", node)
        .put("host.os.platform", osPlatform)
        .put("host.os.version", osVersion)
        .put("reunir.node.pool", nodePool)
        .put("package.type", packageType)
        .put("package.name", packageName)
        .put("package.version", packageVersion)
        .put("package.architecture", architecture)
        .put("reunir.package.source", source)
        .put("reunir.package.in_use", inUse)
        .put("reunir.package.deleted_in_use", deletedInUse)
        .put("reunir.package.deleted_in_use_by", deletedInUseBy)
        .put("vulnerability.id", advisory.advisoryId())
        .put("vulnerability.description", advisory.summary())
        .put("vulnerability.reference", advisory.advisoryUrl())
        .put("vulnerability.severity", advisory.severity().level())
        .put("vulnerability.score.base", advisory.severity().score())
        .put("vulnerability.classification", advisory.severity().vector() == null ? null : "CVSS")
        .put("reunir.finding.status", status.value)
        .put("reunir.finding.fixed_version", fixedVersion())
        .put("reunir.finding.last_affected", advisory.range().lastAffected())
        .put("reunir.finding.aliases", advisory.aliases())
        .put("reunir.finding.ecosystem", advisory.ecosystem())
        .put("reunir.finding.subscription", advisory.distribution().subscription())
        .put("reunir.finding.advisory_document", advisory.id());
    return doc.json();
  }
}
