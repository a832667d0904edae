package io.reunir.agent.probe.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The node's own Node object, read from the API server with Fabric8's client and its in-cluster
 * config (the agent's service-account token and CA).
 *
 * <p>Runs only in a cluster: without a node name ({@code NODE_NAME}) or without a service-account
 * token file it adds nothing and records no error. In a cluster, every failure (401, 403, 404,
 * timeout, unreachable server, bad CA) is recorded under "kubernetes". Fields on the node document: {@code
 * reunir.node.labels} (flattened), {@code reunir.node.taints} ({@code key=value:Effect}, or {@code
 * key:Effect} when the taint has no value), {@code reunir.node.kubelet_version}, {@code
 * reunir.node.container_runtime} (e.g. {@code containerd://1.7.24}), {@code
 * reunir.node.provider_id}, {@code reunir.node.zone} (the {@code topology.kubernetes.io/zone}
 * label). Every document of the node (packages, services, the node itself) also carries where the
 * node runs, from these facts: see {@code model/NodeContext} ({@code cloud.*}, {@code
 * reunir.node.pool}, {@code reunir.node.os_image} from {@code status.nodeInfo.osImage}, {@code
 * reunir.node.kubelet_version}). Sample of the node document's part:
 *
 * <pre>
 * "reunir": {"node": {"labels": {"kubernetes.io/hostname": "node-a",
 *   "topology.kubernetes.io/zone": "eu-west-1a"},
 *   "taints": ["node-role.kubernetes.io/control-plane:NoSchedule", "dedicated=db:NoExecute"],
 *   "kubelet_version": "v1.31.4", "container_runtime": "containerd://1.7.24",
 *   "provider_id": "aws:///eu-west-1a/i-0abc", "zone": "eu-west-1a",
 *   "pool": "general", "os_image": "Amazon Linux 2"}}
 * </pre>
 */
public final class KubernetesProbe implements Probe {
  public static final String NAME = "kubernetes";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  /**
   * Real nodes carry tens of labels and taints; a bound keeps a hostile Node from bloating docs.
   */
  private static final int MAX_LABELS = 512;

  private final NodeReader reader;

  public KubernetesProbe(NodeReader reader) {
    this.reader = reader;
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
  public void collect(HostRoot host, Snapshot.Builder snapshot) {
    if (reader == null || !reader.access().inCluster()) {
      return;
    }
    String node = reader.access().nodeName();
    String failed = "reading Node '" + node + "' from " + reader.server() + " failed: ";
    try {
      var found = reader.read();
      if (found.isEmpty()) {
        snapshot.error(NAME, Bounded.text(failed + "answered 404 (no Node named '" + node
            + "'; is NODE_NAME the node's name?)"));
        return;
      }
      snapshot.kubernetes(facts(found.get()));
    } catch (KubernetesClientException | ServiceAccountToken.Unreadable e) {
      snapshot.error(NAME, Bounded.text(failed + describe(e)));
    }
  }

  /** What went wrong in a few words: the answer's status, a timeout, or the cause's own line. */
  private String describe(RuntimeException e) {
    if (e instanceof KubernetesClientException answer && answer.getCode() > 0) {
      String message = answer.getStatus() == null ? null : answer.getStatus().getMessage();
      return "answered " + answer.getCode() + switch (answer.getCode()) {
        case 401 -> " (the service-account token was rejected)";
        case 403 -> " (the agent's ServiceAccount may not get nodes; it needs RBAC get on nodes)";
        default -> "";
      } + (message == null || message.isBlank() ? "" : ": " + message.strip());
    }
    // Fabric8 and the JDK's client wrap the real cause, some in a plain IOException copy of it.
    Throwable cause = e;
    while (cause.getCause() != null && (cause instanceof KubernetesClientException
        || cause instanceof CompletionException || cause instanceof ExecutionException
        || cause.getClass() == IOException.class)) {
      cause = cause.getCause();
    }
    if (cause instanceof ServiceAccountToken.Unreadable) {
      return cause.getMessage();
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException
        || cause instanceof SocketTimeoutException) {
      return "no answer within " + reader.access().timeout().toSeconds() + "s";
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  /** The facts from a Node; absent fields stay null. */
  static KubernetesFacts facts(Node node) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (node.getMetadata() != null && node.getMetadata().getLabels() != null) {
      node.getMetadata().getLabels().forEach((key, value) -> {
        if (labels.size() < MAX_LABELS && key != null && value != null) {
          labels.put(Bounded.text(key), Bounded.text(value));
        }
      });
    }
    List<String> taints = new ArrayList<>();
    var spec = node.getSpec();
    if (spec != null && spec.getTaints() != null) {
      for (Taint taint : spec.getTaints()) {
        if (taints.size() == MAX_LABELS) {
          break;
        }
        String value = orEmpty(taint.getValue());
        taints.add(Bounded.text(orEmpty(taint.getKey()) + (value.isEmpty() ? "" : "=" + value)
            + ":" + orEmpty(taint.getEffect())));
      }
    }
    NodeSystemInfo info = node.getStatus() == null ? null : node.getStatus().getNodeInfo();
    return new KubernetesFacts(
        labels,
        taints,
        info == null ? null : text(info.getKubeletVersion()),
        info == null ? null : text(info.getContainerRuntimeVersion()),
        spec == null ? null : text(spec.getProviderID()),
        labels.get(ZONE_LABEL),
        info == null ? null : text(info.getOsImage()));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String text(String value) {
    return value == null || value.isEmpty() ? null : Bounded.text(value);
  }
}
