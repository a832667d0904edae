package io.reunir.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Builds an Elasticsearch document from dotted field names ({@code host.os.name}), skipping nulls, so
 * each index's field list reads as the flat list a Redash user sees.
 */
public final class Doc {
  private final ObjectNode root = JsonNodeFactory.instance.objectNode();

  public Doc put(String field, String value) {
    if (value != null) {
      parent(field).put(leaf(field), value);
    }
    return this;
  }

  public Doc put(String field, Long value) {
    if (value != null) {
      parent(field).put(leaf(field), value);
    }
    return this;
  }

  public Doc put(String field, Integer value) {
    if (value != null) {
      parent(field).put(leaf(field), value);
    }
    return this;
  }

  public Doc put(String field, Boolean value) {
    if (value != null) {
      parent(field).put(leaf(field), value);
    }
    return this;
  }

  public Doc put(String field, Instant value) {
    if (value != null) {
      parent(field).put(leaf(field), value.toString());
    }
    return this;
  }

  public Doc put(String field, JsonNode value) {
    if (value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
      parent(field).set(leaf(field), value);
    }
    return this;
  }

  public ObjectNode json() {
    return root;
  }

  private ObjectNode parent(String field) {
    ObjectNode node = root;
    int start = 0;
    for (int dot = field.indexOf('.'); dot >= 0; dot = field.indexOf('.', start)) {
      String part = field.substring(start, dot);
      JsonNode child = node.get(part);
      node = child instanceof ObjectNode object ? object : node.putObject(part);
      start = dot + 1;
    }
    return node;
  }

  private static String leaf(String field) {
    return field.substring(field.lastIndexOf('.') + 1);
  }
}
