package io.reunir.agent.model;

import java.util.List;
import java.util.Map;

/** The node's own Node object, as the kubernetes probe reads it. */
public record KubernetesFacts(
    Map<String, String> labels,
    List<String> taints,
    String kubeletVersion,
    String containerRuntime,
    String providerId,
    String zone) {}
