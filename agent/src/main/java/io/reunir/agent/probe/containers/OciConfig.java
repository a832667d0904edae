package io.reunir.agent.probe.containers;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * What the agent needs of an OCI runtime {@code config.json}: {@code root.path} and the
 * {@code annotations}, where the CRI runtimes put the pod's names. Only these are kept; a config that
 * is not an OCI object is one line naming the file, never a quote of its content.
 */
record OciConfig(String rootPath, Map<String, String> annotations) {
  /** A config.json is a few tens of KiB; past this it is not one. */
  static final int MAX_BYTES = 4 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  static OciConfig parse(InputStream in, String shown) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new IOException(shown + ": larger than " + (MAX_BYTES >> 20) + " MiB, not a runtime config");
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonParseException e) {
      throw new IOException(shown + ": not JSON (line " + e.getLocation().getLineNr() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IOException(shown + ": not a JSON object");
    }
    JsonNode path = root.path("root").path("path");
    Map<String, String> annotations = new HashMap<>();
    root.path("annotations").properties().forEach(e -> {
      if (e.getValue().isTextual()) {
        annotations.put(e.getKey(), e.getValue().asText());
      }
    });
    return new OciConfig(path.isTextual() ? path.asText() : null, Map.copyOf(annotations));
  }
}
