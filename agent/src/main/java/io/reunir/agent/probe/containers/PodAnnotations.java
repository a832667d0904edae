package io.reunir.agent.probe.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.model.ContainerRecord.PodRef;
import io.reunir.agent.probe.Bounded;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The pod context each runtime writes into a container's {@code config.json} annotations.
 * <ul>
 *   <li>containerd's CRI plugin ({@code pkg/cri/annotations}): {@code io.kubernetes.cri.container-type}
 *       ({@code sandbox} for the pause container), {@code .sandbox-namespace}, {@code .sandbox-name},
 *       {@code .sandbox-uid} (since 1.6.11/1.7.0), {@code .container-name}, {@code .image-name}. No
 *       digest and no start time: the start is {@code init.pid}'s modification time.
 *   <li>CRI-O ({@code pkg/annotations}, {@code internal/annotations}): {@code
 *       io.kubernetes.cri-o.ContainerType}, {@code .ImageName}, {@code .ImageRef} (the resolved
 *       {@code repo@sha256:…} reference), {@code .Created}; the pod names are the kubelet's labels,
 *       {@code io.kubernetes.pod.namespace}, {@code .pod.name}, {@code .pod.uid},
 *       {@code io.kubernetes.container.name}, which CRI-O copies into the annotations and also keeps
 *       JSON-encoded in {@code io.kubernetes.cri-o.Labels}.
 * </ul>
 */
record PodAnnotations(boolean sandbox, PodRef pod, String imageName, List<String> imageDigests,
    Instant created) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static PodAnnotations of(String runtime, Map<String, String> a) {
    if (RuntimeLayouts.CONTAINERD.equals(runtime)) {
      return new PodAnnotations("sandbox".equals(a.get("io.kubernetes.cri.container-type")),
          new PodRef(text(a, "io.kubernetes.cri.sandbox-namespace"), text(a, "io.kubernetes.cri.sandbox-name"),
              text(a, "io.kubernetes.cri.sandbox-uid"), text(a, "io.kubernetes.cri.container-name")),
          text(a, "io.kubernetes.cri.image-name"), List.of(), null);
    }
    Map<String, String> labels = labels(a.get("io.kubernetes.cri-o.Labels"));
    return new PodAnnotations("sandbox".equals(a.get("io.kubernetes.cri-o.ContainerType")),
        new PodRef(kube(a, labels, "io.kubernetes.pod.namespace"), kube(a, labels, "io.kubernetes.pod.name"),
            kube(a, labels, "io.kubernetes.pod.uid"), kube(a, labels, "io.kubernetes.container.name")),
        text(a, "io.kubernetes.cri-o.ImageName"), digest(a.get("io.kubernetes.cri-o.ImageRef")),
        instant(a.get("io.kubernetes.cri-o.Created")));
  }

  private static String kube(Map<String, String> annotations, Map<String, String> labels, String key) {
    String value = text(annotations, key);
    return value != null ? value : text(labels, key);
  }

  private static String text(Map<String, String> map, String key) {
    String value = map.get(key);
    return value == null || value.isBlank() ? null : Bounded.text(value);
  }

  /** The kubelet's labels as CRI-O keeps them; a value that is not a JSON object adds nothing. */
  private static Map<String, String> labels(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        return Map.of();
      }
      var labels = new java.util.HashMap<String, String>();
      node.properties().forEach(e -> {
        if (e.getValue().isTextual()) {
          labels.put(e.getKey(), e.getValue().asText());
        }
      });
      return labels;
    } catch (IOException e) {
      return Map.of();
    }
  }

  /** The {@code sha256:…} of a {@code repo@sha256:…} reference; a bare image id is not a digest. */
  private static List<String> digest(String ref) {
    if (ref == null) {
      return List.of();
    }
    int at = ref.lastIndexOf('@');
    String digest = at >= 0 ? ref.substring(at + 1) : ref;
    return digest.matches("sha256:[0-9a-f]{64}") ? List.of(digest) : List.of();
  }

  private static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
