package io.reunir.advisories.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.Fields;
import io.reunir.contract.doc.Doc;
import java.time.Instant;

/**
 * One package of a running container's image that one advisory document affects: a document of
 * {@code <prefix>-findings} with {@code reunir.scope: container}, the pod context and the node
 * context of the container document, and the package as the image's package document lists it.
 * The image's os-release goes to {@code reunir.container.os.*}: {@code host.os.*} of a finding is
 * always the node's, so a query on it never mistakes an image for a host.
 *
 * @param finding the finding as for a host package, with the container's node and no host OS
 * @param container the container running the image
 * @param imageOsPlatform the image's {@code ID} (what the advisory's distribution matched)
 * @param imageOsVersion the image's {@code VERSION_ID}
 */
public record ContainerFinding(Finding finding, RunningContainer container, String imageOsPlatform,
    String imageOsVersion) {

  /** The fields of a {@code <prefix>-containers} document a finding copies. */
  public record RunningContainer(String node, String cluster, String nodePool, String id,
      String runtime, String image, String namespace, String pod, String podUid, String name,
      String fingerprint) {

    public static RunningContainer of(JsonNode containerDoc) {
      return new RunningContainer(Fields.text(containerDoc, PackageFields.HOST_NAME),
          Fields.text(containerDoc, PackageFields.CLUSTER), Fields.text(containerDoc, PackageFields.NODE_POOL),
          Fields.text(containerDoc, ContainerFields.ID), Fields.text(containerDoc, ContainerFields.RUNTIME),
          Fields.text(containerDoc, ContainerFields.IMAGE), Fields.text(containerDoc, ContainerFields.NAMESPACE),
          Fields.text(containerDoc, ContainerFields.POD), Fields.text(containerDoc, ContainerFields.POD_UID),
          Fields.text(containerDoc, ContainerFields.NAME), Fields.text(containerDoc, ContainerFields.FINGERPRINT));
    }
  }

  /**
   * The finding of an image package document that {@code advisory}'s rule matched, in one container:
   * read as a host finding of that package document with the container's node in place of the
   * image's os-release, so both kinds carry the same package and advisory fields.
   */
  public static ContainerFinding of(AdvisoryDocument advisory, JsonNode imagePackageDoc,
      RunningContainer container, Instant matchedAt) {
    ObjectNode onNode = imagePackageDoc.deepCopy();
    onNode.remove("host");
    new Doc(onNode).put(PackageFields.HOST_NAME, container.node())
        .put(PackageFields.CLUSTER, container.cluster())
        .put(PackageFields.NODE_POOL, container.nodePool());
    return new ContainerFinding(Finding.of(advisory, onNode, matchedAt), container,
        Fields.text(imagePackageDoc, PackageFields.OS_PLATFORM),
        Fields.text(imagePackageDoc, PackageFields.OS_VERSION));
  }

  /**
   * One per (container, image package, advisory document), never equal to a host finding's
   * {@code node/type/name/arch/advisoryId}: a container id is never the word {@code container}
   * followed by a package path.
   */
  public String id() {
    return finding.node() + "/container/" + container.id() + "/" + finding.packageType() + "/"
        + finding.packageName() + "/" + finding.architecture() + "/" + finding.advisory().id();
  }

  /** The document as indexed; field names are mapped by {@code templates/findings.json}. */
  public ObjectNode toDocument() {
    return new Doc(finding.toDocument())
        .put("reunir.scope", "container")
        .put("container.id", container.id())
        .put("container.runtime", container.runtime())
        .put("container.image.name", container.image())
        .put("kubernetes.namespace", container.namespace())
        .put("kubernetes.pod.name", container.pod())
        .put("kubernetes.pod.uid", container.podUid())
        .put("kubernetes.container.name", container.name())
        .put("reunir.container.fingerprint", container.fingerprint())
        .put("reunir.container.os.platform", imageOsPlatform)
        .put("reunir.container.os.version", imageOsVersion)
        .json();
  }
}
