package io.reunir.agent.redash;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Redash's schema browser makes of a {@code GET /_mappings} answer: a line-by-line port of
 * {@code ElasticSearch2._parse_mappings} in getredash/redash {@code redash/query_runner/elasticsearch2.py}
 * (the "Elasticsearch" data source this pack uses), and of {@code BaseElasticSearch.get_schema}'s
 * {@code parse_doc} in {@code redash/query_runner/elasticsearch.py} (the deprecated runner).
 *
 * <p>Python's errors are kept apart because the code relies on them: {@code _parse_mappings} walks the
 * keys of {@code mappings} as if each were a mapping type ({@code mappings[m]["properties"]}); a
 * {@code KeyError} (a dict without {@code properties}, such as {@code _meta}) sends it to its fallback,
 * which reads {@code mappings["properties"]}; a {@code TypeError} (indexing a string, boolean or list,
 * such as {@code "dynamic": "strict"}) escapes, and Redash shows "Error retrieving schema".
 */
final class RedashSchema {
  private RedashSchema() {}

  /** A Python exception escaping the runner: the schema refresh fails. */
  static final class SchemaError extends RuntimeException {
    SchemaError(String message) {
      super(message);
    }
  }

  private static final class KeyError extends RuntimeException {
    KeyError(String key) {
      super("KeyError: '" + key + "'");
    }
  }

  /** {@code _parse_mappings}: each index's dotted field names, in Redash's order. */
  static Map<String, Set<String>> parseMappings(JsonNode mappingsData) {
    Map<String, Set<String>> mappings = new LinkedHashMap<>();
    for (Entry<String, JsonNode> index : mappingsData.properties()) {
      String indexName = index.getKey();
      mappings.put(indexName, new LinkedHashSet<>());
      JsonNode indexMappings = index.getValue();
      try {
        for (Entry<String, JsonNode> m : indexMappings.path("mappings").properties()) {
          parseProperties(mappings, indexName, "", subscript(m.getValue(), "properties"));
        }
      } catch (KeyError e) {
        parseProperties(mappings, indexName, "", subscript(subscript(indexMappings, "mappings"), "properties"));
      }
    }
    return mappings;
  }

  private static void parseProperties(Map<String, Set<String>> mappings, String indexName, String prefix,
      JsonNode properties) {
    for (Entry<String, JsonNode> property : items(properties)) {
      // Redash tests the name against the index names here, not against the fields (kept as it is).
      if (!mappings.containsKey(property.getKey())) {
        JsonNode data = property.getValue();
        if (!data.isObject()) {
          throw new SchemaError("AttributeError: '" + pythonType(data) + "' object has no attribute 'get'");
        }
        if (truthy(data.get("type"))) {
          mappings.get(indexName).add(prefix + property.getKey());
        } else if (truthy(data.get("properties"))) {
          parseProperties(mappings, indexName, prefix + property.getKey() + ".", data.get("properties"));
        }
      }
    }
  }

  /**
   * The deprecated runner's {@code get_schema}: {@code parse_doc(items)} for every key of
   * {@code mappings}, each read as a document type holding {@code properties}; no fallback.
   */
  static Map<String, Set<String>> legacySchema(JsonNode mappingsData) {
    Map<String, Set<String>> schema = new LinkedHashMap<>();
    for (Entry<String, JsonNode> index : mappingsData.properties()) {
      Set<String> columns = new TreeSet<>();
      try {
        for (Entry<String, JsonNode> doc : items(subscript(index.getValue(), "mappings"))) {
          parseDoc(doc.getValue(), "", columns);
        }
      } catch (KeyError e) {
        throw new SchemaError(e.getMessage());
      }
      schema.put(index.getKey(), columns);
    }
    return schema;
  }

  private static void parseDoc(JsonNode doc, String prefix, Set<String> result) {
    for (Entry<String, JsonNode> field : items(subscript(doc, "properties"))) {
      if (field.getValue().isObject() && field.getValue().has("properties")) {
        parseDoc(field.getValue(), prefix + field.getKey() + ".", result);
      } else {
        result.add(prefix + field.getKey());
      }
    }
  }

  /** Python's {@code value[key]}: a dict without the key raises KeyError, anything else TypeError. */
  private static JsonNode subscript(JsonNode value, String key) {
    if (value == null || !value.isObject()) {
      String type = pythonType(value);
      throw new SchemaError("TypeError: " + switch (type) {
        case "str" -> "string indices must be integers";
        case "list" -> "list indices must be integers or slices, not str";
        default -> "'" + type + "' object is not subscriptable";
      });
    }
    if (!value.has(key)) {
      throw new KeyError(key);
    }
    return value.get(key);
  }

  /** Python's {@code value.items()}. */
  private static Iterable<Entry<String, JsonNode>> items(JsonNode value) {
    if (!value.isObject()) {
      throw new SchemaError("AttributeError: '" + pythonType(value) + "' object has no attribute 'items'");
    }
    return value.properties();
  }

  /** Python's truth of a JSON value: empty strings, dicts and lists, zero, false and None are false. */
  private static boolean truthy(JsonNode value) {
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isNumber()) {
      return value.doubleValue() != 0;
    }
    return value.isTextual() ? !value.asText().isEmpty() : !value.isEmpty();
  }

  private static String pythonType(JsonNode value) {
    if (value == null || value.isNull()) {
      return "NoneType";
    }
    if (value.isTextual()) {
      return "str";
    }
    if (value.isBoolean()) {
      return "bool";
    }
    if (value.isIntegralNumber()) {
      return "int";
    }
    if (value.isNumber()) {
      return "float";
    }
    return value.isArray() ? "list" : "dict";
  }
}
