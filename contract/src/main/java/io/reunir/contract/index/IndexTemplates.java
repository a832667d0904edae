package io.reunir.contract.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The composable index templates of the indices, kept as JSON resources with a {@code {{prefix}}}
 * placeholder, so the operator installs exactly what the agent would.
 */
public final class IndexTemplates {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexTemplates() {}

  /** The template body for one index name ({@code nodes}, …) with the prefix filled in. */
  public static ObjectNode template(String name, String prefix) {
    String resource = "/io/reunir/contract/templates/" + name + ".json";
    try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{prefix}}", prefix);
      return (ObjectNode) JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mappings of one index's template: what an older index is extended with. */
  public static ObjectNode mappings(String name, String prefix) {
    return (ObjectNode) template(name, prefix).at("/template/mappings");
  }
}
