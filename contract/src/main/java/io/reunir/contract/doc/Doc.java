package io.reunir.contract.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds an Elasticsearch document from dotted field names ({@code host.os.name}), skipping nulls, so
 * each index's field list reads as the flat list a Redash user sees: the agent's documents and the
 * advisory and finding documents alike.
 */
public final class Doc {
  /** Field names are a fixed set of constants: split each once, not once per document. */
  private static final Map<String, String[]> PATHS = new ConcurrentHashMap<>();

  private final ObjectNode root;
  private final ObjectNode shared;

  public Doc() {
    this(JsonNodeFactory.instance.objectNode());
  }

  /** A document that starts from (and takes ownership of) {@code base}. */
  public Doc(ObjectNode base) {
    this.root = base;
    this.shared = null;
  }

  private Doc(ObjectNode root, ObjectNode shared) {
    this.root = root;
    this.shared = shared;
  }

  /**
   * A document that starts with the fields of {@code common} without copying them: a node's thousands
   * of documents share its {@code host} and {@code orchestrator} objects, and a put below one of them
   * copies that object first, so {@code common} never changes. Callers must change the result only
   * through this class (or copy it first).
   */
  public static Doc sharing(ObjectNode common) {
    return new Doc(JsonNodeFactory.instance.objectNode().setAll(common), common);
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

  public Doc put(String field, Double value) {
    if (value != null) {
      parent(field).put(leaf(field), value);
    }
    return this;
  }

  /** A list of texts; an empty one is left out like a null. */
  public Doc put(String field, List<String> values) {
    if (values != null && !values.isEmpty()) {
      var array = parent(field).putArray(leaf(field));
      values.forEach(array::add);
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
      if (i == 0 && shared != null && child != null && shared.get(parts[0]) == child) {
        child = child.deepCopy(); // copy on write: the shared object stays as it was
        node.set(parts[0], child);
      }
      node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
    }
    return node;
  }

  private static String leaf(String field) {
    String[] parts = PATHS.computeIfAbsent(field, f -> f.split("\\."));
    return parts[parts.length - 1];
  }
}
