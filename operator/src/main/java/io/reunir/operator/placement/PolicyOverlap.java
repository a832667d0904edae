package io.reunir.operator.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.reunir.operator.api.CollectionPolicy;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The nodes a policy selects that an older policy selects too, each with the policy that keeps it.
 * Two agents on one node would each delete the documents the other wrote, so every node belongs to
 * one policy: the oldest that selects it (creationTimestamp, then namespace/name, so every
 * reconcile of every policy agrees). Selection is by node labels only, as the agent pod's node
 * affinity; policies being deleted keep nothing. Pure: the policies and nodes come from the
 * operator's informers.
 *
 * @param keptBy node name → {@code namespace/name} of the older policy that keeps it
 */
public record PolicyOverlap(SortedMap<String, String> keptBy) {
  public static final PolicyOverlap NONE = new PolicyOverlap(new TreeMap<>());

  public PolicyOverlap {
    keptBy = Collections.unmodifiableSortedMap(new TreeMap<>(keptBy));
  }

  /** Oldest first; a policy without a (parsable) creation time counts as the newest. */
  static final Comparator<CollectionPolicy> AGE = Comparator
      .comparing(PolicyOverlap::createdAt)
      .thenComparing(p -> String.valueOf(p.getMetadata().getNamespace()))
      .thenComparing(p -> String.valueOf(p.getMetadata().getName()));

  public static PolicyOverlap of(CollectionPolicy policy, Collection<CollectionPolicy> policies,
      Collection<Node> nodes) {
    List<CollectionPolicy> claimants = policies.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !key(p).equals(key(policy)))
        .filter(p -> AGE.compare(p, policy) < 0)
        .sorted(AGE)
        .toList();
    var keptBy = new TreeMap<String, String>();
    for (Node node : nodes) {
      var labels = node.getMetadata().getLabels();
      if (!NodeSelectorMatch.selects(selector(policy), labels)) {
        continue;
      }
      claimants.stream().filter(p -> NodeSelectorMatch.selects(selector(p), labels)).findFirst()
          .ifPresent(owner -> keptBy.put(node.getMetadata().getName(), key(owner)));
    }
    return new PolicyOverlap(keptBy);
  }

  public boolean isEmpty() {
    return keptBy.isEmpty();
  }

  /** The nodes this policy's agents must keep off. */
  public List<String> nodes() {
    return List.copyOf(keptBy.keySet());
  }

  /** For the Ready condition and the Warning event: how many nodes, an example, and who keeps them. */
  public String message() {
    Map<String, Long> byOwner = keptBy.values().stream()
        .collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
    String owners = byOwner.size() == 1 ? "the older policy " + byOwner.keySet().iterator().next()
        : "the older policies " + byOwner.entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    int n = keptBy.size();
    return n + (n == 1 ? " node" : " nodes") + " (e.g. " + keptBy.firstKey() + ") also selected by "
        + owners + ", which keeps them; this policy's agents do not run there, since two agents on"
        + " one node would delete each other's documents";
  }

  private static io.fabric8.kubernetes.api.model.LabelSelector selector(CollectionPolicy policy) {
    return policy.getSpec() == null ? null : policy.getSpec().nodesOrDefault().selector();
  }

  private static String key(CollectionPolicy policy) {
    return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
  }

  private static Instant createdAt(CollectionPolicy policy) {
    try {
      String created = policy.getMetadata().getCreationTimestamp();
      return created == null ? Instant.MAX : Instant.parse(created);
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
