package io.reunir.advisories;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Documents read by dotted field names ({@code host.os.platform}), nested as Elasticsearch stores
 * them; the contract's {@link io.reunir.contract.doc.Doc} builds them.
 */
public final class Fields {
  private Fields() {}

  /** The text at a dotted path of a nested document, or null. */
  public static String text(JsonNode doc, String field) {
    JsonNode node = doc;
    for (String part : field.split("\\.")) {
      node = node.path(part);
    }
    return node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  /** The boolean at a dotted path, or null when absent (unknown, not false). */
  public static Boolean bool(JsonNode doc, String field) {
    JsonNode node = doc;
    for (String part : field.split("\\.")) {
      node = node.path(part);
    }
    return node.isBoolean() ? node.asBoolean() : null;
  }
}
