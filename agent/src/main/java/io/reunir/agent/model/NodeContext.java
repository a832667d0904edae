package io.reunir.agent.model;

import io.reunir.contract.doc.Doc;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where a node runs and what it is, taken from its Node object and put on every document of the node,
 * so that "which node pools must roll" is one aggregation on the packages index and a Redash table
 * needs no join. ECS {@code cloud.*} where ECS has a field, {@code reunir.node.*} otherwise.
 *
 * <p>Each value comes from the first label present of its list: the current well-known label, then
 * the deprecated one that older clusters still set. The node pool is the label its provisioner sets:
 * EKS managed node groups, GKE, AKS (and AKS's older bare {@code agentpool}), Karpenter (and its
 * v1alpha5 {@code provisioner-name}); a node of none of them has no pool. The provider and the
 * instance come from {@code spec.providerID} ({@code <scheme>://<provider-specific id>}).
 */
public record NodeContext(
    String provider,
    String region,
    String zone,
    String machineType,
    String instanceId,
    String instanceName,
    String projectId,
    String accountId,
    String pool,
    String osImage,
    String kubeletVersion) {

  static final List<String> ZONE_LABELS =
      List.of("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone");
  static final List<String> REGION_LABELS =
      List.of("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region");
  static final List<String> INSTANCE_TYPE_LABELS =
      List.of("node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type");
  static final List<String> POOL_LABELS =
      List.of(
          "eks.amazonaws.com/nodegroup",
          "cloud.google.com/gke-nodepool",
          "kubernetes.azure.com/agentpool",
          "agentpool",
          "karpenter.sh/nodepool",
          "karpenter.sh/provisioner-name");

  /** The context of a node the kubernetes probe read; null when it read none (outside a cluster). */
  public static NodeContext of(KubernetesFacts facts) {
    if (facts == null) {
      return null;
    }
    Map<String, String> labels = facts.labels() == null ? Map.of() : facts.labels();
    String scheme = null;
    List<String> path = List.of();
    String providerId = facts.providerId();
    int separator = providerId == null ? -1 : providerId.indexOf("://");
    if (separator > 0) {
      scheme = providerId.substring(0, separator);
      path =
          Arrays.stream(providerId.substring(separator + 3).split("/"))
              .filter(s -> !s.isEmpty())
              .toList();
    }
    String instanceId = null;
    String instanceName = null;
    String projectId = null;
    String accountId = null;
    if ("aws".equals(scheme) && !path.isEmpty() && path.get(path.size() - 1).startsWith("i-")) {
      instanceId = path.get(path.size() - 1); // aws:///<zone>/<instance id>
    } else if ("gce".equals(scheme) && path.size() == 3) {
      projectId = path.get(0); // gce://<project>/<zone>/<instance name>: a name, not GCE's numeric id
      instanceName = path.get(2);
    } else if ("azure".equals(scheme)) {
      int at = path.indexOf("subscriptions"); // azure:///subscriptions/<id>/resourceGroups/...
      accountId = at >= 0 && at + 1 < path.size() ? path.get(at + 1) : null;
    }
    return new NodeContext(
        "gce".equals(scheme) ? "gcp" : scheme, // ECS names Google's cloud gcp
        first(labels, REGION_LABELS),
        first(labels, ZONE_LABELS),
        first(labels, INSTANCE_TYPE_LABELS),
        instanceId,
        instanceName,
        projectId,
        accountId,
        first(labels, POOL_LABELS),
        facts.osImage(),
        facts.kubeletVersion());
  }

  /** The ECS {@code cloud.*} fields. */
  void putCloud(Doc doc) {
    doc.put("cloud.provider", provider)
        .put("cloud.region", region)
        .put("cloud.availability_zone", zone)
        .put("cloud.machine.type", machineType)
        .put("cloud.instance.id", instanceId)
        .put("cloud.instance.name", instanceName)
        .put("cloud.project.id", projectId)
        .put("cloud.account.id", accountId);
  }

  /** What ECS has no field for. */
  void putNode(Doc doc) {
    doc.put("reunir.node.pool", pool)
        .put("reunir.node.os_image", osImage)
        .put("reunir.node.kubelet_version", kubeletVersion);
  }

  private static String first(Map<String, String> labels, List<String> keys) {
    for (String key : keys) {
      String value = labels.get(key);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }
}
