package io.reunir.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Documents built and read by dotted field names ({@code host.os.platform}), nested as Elasticsearch
 * stores them; nulls are left out, as in the agent's documents.
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

  /** A document under construction. */
  public static final class Builder {
    private final ObjectNode root = JsonNodeFactory.instance.objectNode();

    public Builder put(String field, String value) {
      if (value != null) {
        parent(field).put(leaf(field), value);
      }
      return this;
    }

    public Builder put(String field, Double value) {
      if (value != null) {
        parent(field).put(leaf(field), value);
      }
      return this;
    }

    public Builder put(String field, Integer value) {
      if (value != null) {
        parent(field).put(leaf(field), value);
      }
      return this;
    }

    public Builder put(String field, Boolean value) {
      if (value != null) {
        parent(field).put(leaf(field), value);
      }
      return this;
    }

    public Builder put(String field, Instant value) {
      return put(field, value == null ? null : value.toString());
    }

    public Builder put(String field, List<String> values) {
      if (values != null && !values.isEmpty()) {
        ArrayNode array = parent(field).putArray(leaf(field));
        values.forEach(array::add);
      }
      return this;
    }

    public ObjectNode json() {
      return root;
    }

    private ObjectNode parent(String field) {
      ObjectNode node = root;
      String[] parts = field.split("\\.");
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode child = node.get(parts[i]);
        node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
      }
      return node;
    }

    private static String leaf(String field) {
      return field.substring(field.lastIndexOf('.') + 1);
    }
  }
}
