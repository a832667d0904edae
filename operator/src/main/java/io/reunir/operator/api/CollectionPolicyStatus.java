package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed; summaries only, never bulk data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CollectionPolicyStatus(
    Long observedGeneration,
    List<Condition> conditions,
    NodeCounts nodes,
    CollectNowStatus collectNow) {

  public CollectionPolicyStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** Agent coverage: scheduled, running, and seen in Elasticsearch within two intervals. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeCounts(Integer desired, Integer ready, Integer reporting) {}

  /** An incident refresh in progress: the token, when it was asked for, nodes that answered. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CollectNowStatus(String token, String requestedAt, Integer nodesFresh) {}
}
