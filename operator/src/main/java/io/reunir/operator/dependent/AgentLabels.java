package io.reunir.operator.dependent;

import io.reunir.operator.api.CollectionPolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names and labels of the objects made for one policy (fixed by the operator-chart contract). */
public final class AgentLabels {
  /** Every object the operator makes carries this; the informers watch only such objects. */
  public static final String MANAGED_BY_SELECTOR = "app.kubernetes.io/managed-by=reunir-operator";

  private AgentLabels() {}

  public static Map<String, String> of(CollectionPolicy policy) {
    var labels = new LinkedHashMap<String, String>();
    labels.putAll(selector(policy));
    labels.put("app.kubernetes.io/component", "agent");
    labels.put("app.kubernetes.io/part-of", "reunir");
    labels.put("app.kubernetes.io/managed-by", "reunir-operator");
    return labels;
  }

  /** The DaemonSet's pod selector: immutable, so only the two labels that never change. */
  public static Map<String, String> selector(CollectionPolicy policy) {
    var labels = new LinkedHashMap<String, String>();
    labels.put("app.kubernetes.io/name", "reunir-agent");
    labels.put("app.kubernetes.io/instance", policy.getMetadata().getName());
    return labels;
  }

  public static String agentName(CollectionPolicy policy) {
    return policy.getMetadata().getName() + "-agent";
  }

  public static String configMapName(CollectionPolicy policy) {
    return policy.getMetadata().getName() + "-agent-config";
  }

  public static String clusterRoleBindingName(CollectionPolicy policy) {
    return "reunir-agent-" + policy.getMetadata().getNamespace() + "-" + policy.getMetadata().getName();
  }
}
