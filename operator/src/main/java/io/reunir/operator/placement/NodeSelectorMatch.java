package io.reunir.operator.placement;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a policy's node selector selects a node, with the semantics of the required node
 * affinity the agent pod gets from it ({@code AgentPodTemplate.affinity}): all match labels equal,
 * every expression true, {@code NotIn} true for a node without the label. An operator the API
 * does not know selects nothing (the validator reports it).
 */
final class NodeSelectorMatch {
  private NodeSelectorMatch() {}

  static boolean selects(LabelSelector selector, Map<String, String> nodeLabels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> labels = nodeLabels == null ? Map.of() : nodeLabels;
    if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
        .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()))) {
      return false;
    }
    return selector.getMatchExpressions() == null
        || selector.getMatchExpressions().stream().allMatch(e -> holds(e, labels));
  }

  private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (String.valueOf(requirement.getOperator())) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}
