package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The agent container; every field optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentSettings(
    @JsonPropertyDescription("Agent image; default: the operator's REUNIR_AGENT_IMAGE.")
    String image,
    @JsonPropertyDescription("Container resources; default: small requests and limits.")
    ResourceRequirements resources,
    @JsonPropertyDescription("PriorityClass of the agent pods.")
    String priorityClassName) {}
