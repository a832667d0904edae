package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/** Which nodes run the agent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeSelection(
    @JsonPropertyDescription("Node label selector; empty selects every node.")
    LabelSelector selector,
    @JsonPropertyDescription("Tolerations of the agent pod; absent means tolerate every taint.")
    List<Toleration> tolerations) {}
