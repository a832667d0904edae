package io.reunir.agent.probe.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's own Node object, read from the API server with the agent's service-account token.
 *
 * <p>Runs only in a cluster: without a node name ({@code NODE_NAME}) or without a service-account
 * token file it adds nothing and records no error. In a cluster, every failure (401, 403, 404,
 * timeout, bad CA) is recorded under "kubernetes". Fields on the node document: {@code
 * reunir.node.labels} (flattened), {@code reunir.node.taints} ({@code key=value:Effect}, or {@code
 * key:Effect} when the taint has no value), {@code reunir.node.kubelet_version}, {@code
 * reunir.node.container_runtime} (e.g. {@code containerd://1.7.24}), {@code
 * reunir.node.provider_id}, {@code reunir.node.zone} (the {@code topology.kubernetes.io/zone}
 * label). Sample:
 *
 * <pre>
 * "reunir": {"node": {"labels": {"kubernetes.io/hostname": "node-a",
 *   "topology.kubernetes.io/zone": "eu-west-1a"},
 *   "taints": ["node-role.kubernetes.io/control-plane:NoSchedule", "dedicated=db:NoExecute"],
 *   "kubelet_version": "v1.31.4", "container_runtime": "containerd://1.7.24",
 *   "provider_id": "aws:///eu-west-1a/i-0abc", "zone": "eu-west-1a"}}
 * </pre>
 */
public final class KubernetesProbe implements Probe {
  public static final String NAME = "kubernetes";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  /**
   * Real nodes carry tens of labels and taints; a bound keeps a hostile Node from bloating docs.
   */
  private static final int MAX_LABELS = 512;

  private final KubernetesAccess access;

  public KubernetesProbe(KubernetesAccess access) {
    this.access = access;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean readsHost() {
    return false;
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) throws InterruptedException {
    if (access == null
        || access.nodeName() == null
        || access.nodeName().isBlank()
        || !Files.exists(access.tokenFile())) {
      return;
    }
    if (access.apiServer() == null) {
      snapshot.error(
          NAME, "a service-account token is present but KUBERNETES_SERVICE_HOST is not set");
      return;
    }
    try {
      snapshot.kubernetes(facts(NodeClient.getNode(access)));
    } catch (HttpTimeoutException e) {
      snapshot.error(
          NAME,
          "no answer from " + access.apiServer() + " within " + access.timeout().toSeconds() + "s");
    } catch (IOException e) {
      snapshot.error(
          NAME,
          Bounded.text(
              "reading Node '"
                  + access.nodeName()
                  + "' from "
                  + access.apiServer()
                  + " failed: "
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage()));
    }
  }

  /** The facts from a Node's JSON; absent fields stay null. */
  static KubernetesFacts facts(byte[] nodeJson) throws IOException {
    JsonNode node = new ObjectMapper().readTree(nodeJson);
    if (node == null || !"Node".equals(node.path("kind").asText())) {
      throw new IOException("the answer is not a Node object");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    node.path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(
            e -> {
              if (labels.size() < MAX_LABELS && e.getValue().isTextual()) {
                labels.put(Bounded.text(e.getKey()), Bounded.text(e.getValue().asText()));
              }
            });
    List<String> taints = new ArrayList<>();
    for (JsonNode taint : node.path("spec").path("taints")) {
      if (taints.size() == MAX_LABELS) {
        break;
      }
      String key = taint.path("key").asText("");
      String value = taint.path("value").asText("");
      String effect = taint.path("effect").asText("");
      taints.add(Bounded.text(key + (value.isEmpty() ? "" : "=" + value) + ":" + effect));
    }
    JsonNode info = node.path("status").path("nodeInfo");
    return new KubernetesFacts(
        labels,
        taints,
        text(info.path("kubeletVersion")),
        text(info.path("containerRuntimeVersion")),
        text(node.path("spec").path("providerID")),
        labels.get(ZONE_LABEL));
  }

  private static String text(JsonNode value) {
    return value.isTextual() && !value.asText().isEmpty() ? Bounded.text(value.asText()) : null;
  }
}
