package io.reunir.agent.model;

import java.util.List;
import java.util.Map;

/**
 * The node's own Node object, as the kubernetes probe reads it. {@code osImage} is the kubelet's
 * {@code status.nodeInfo.osImage} (e.g. "Bottlerocket OS 1.26.1"): on image-based node pools it names
 * what a rollout replaces, which the host's os-release alone does not always say.
 */
public record KubernetesFacts(
    Map<String, String> labels,
    List<String> taints,
    String kubeletVersion,
    String containerRuntime,
    String providerId,
    String zone,
    String osImage) {}
