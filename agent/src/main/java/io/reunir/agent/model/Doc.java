package io.reunir.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds an Elasticsearch document from dotted field names ({@code host.os.name}), skipping nulls, so
 * each index's field list reads as the flat list a Redash user sees.
 */
public final class Doc {
  /** Field names are a fixed set of constants: split each once, not once per document. */
  private static final Map<String, String[]> PATHS = new ConcurrentHashMap<>();

  private final ObjectNode root;

  public Doc() {
    this(JsonNodeFactory.instance.objectNode());
  }

  /** A document that starts from (and takes ownership of) {@code base}. */
  public Doc(ObjectNode base) {
    this.root = base;
  }

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
    String[] parts = PATHS.computeIfAbsent(field, f -> f.split("\\."));
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
    }
    return node;
  }

  private static String leaf(String field) {
    String[] parts = PATHS.computeIfAbsent(field, f -> f.split("\\."));
    return parts[parts.length - 1];
  }
}
