package io.reunir.advisories.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.Fields;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One condition on a package document, with its two readings: {@link #test} on a document in memory
 * and {@link #query} as the Elasticsearch query clause that selects the same documents of the
 * packages index (keyword fields: exact terms, prefixes, and ranges in byte order).
 */
public sealed interface Clause {
  boolean test(JsonNode doc);

  ObjectNode query();

  /** The field's value is {@code value}. */
  record Term(String field, String value) implements Clause {
    @Override
    public boolean test(JsonNode doc) {
      return value.equals(Fields.text(doc, field));
    }

    @Override
    public ObjectNode query() {
      ObjectNode q = JsonNodeFactory.instance.objectNode();
      q.putObject("term").put(field, value);
      return q;
    }
  }

  /** The field's value starts with {@code prefix}. */
  record Prefix(String field, String prefix) implements Clause {
    @Override
    public boolean test(JsonNode doc) {
      String text = Fields.text(doc, field);
      return text != null && text.startsWith(prefix);
    }

    @Override
    public ObjectNode query() {
      ObjectNode q = JsonNodeFactory.instance.objectNode();
      q.putObject("prefix").put(field, prefix);
      return q;
    }
  }

  /** At least one of {@code clauses} holds. */
  record AnyOf(List<Clause> clauses) implements Clause {
    @Override
    public boolean test(JsonNode doc) {
      return clauses.stream().anyMatch(c -> c.test(doc));
    }

    @Override
    public ObjectNode query() {
      ObjectNode q = JsonNodeFactory.instance.objectNode();
      ObjectNode bool = q.putObject("bool");
      clauses.forEach(c -> bool.withArray("should").add(c.query()));
      bool.put("minimum_should_match", 1);
      return q;
    }
  }

  /**
   * The field's value is {@code >= gte}, {@code < lt} and {@code <= lte}, each when not null,
   * compared as Elasticsearch compares keywords: by their UTF-8 bytes. A document without the field
   * does not match, as in Elasticsearch.
   */
  record Range(String field, String gte, String lt, String lte) implements Clause {
    @Override
    public boolean test(JsonNode doc) {
      String text = Fields.text(doc, field);
      if (text == null) {
        return false;
      }
      byte[] value = text.getBytes(StandardCharsets.UTF_8);
      return (gte == null || compare(value, gte) >= 0) && (lt == null || compare(value, lt) < 0)
          && (lte == null || compare(value, lte) <= 0);
    }

    private static int compare(byte[] value, String bound) {
      return Arrays.compareUnsigned(value, bound.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public ObjectNode query() {
      ObjectNode q = JsonNodeFactory.instance.objectNode();
      ObjectNode bounds = q.putObject("range").putObject(field);
      if (gte != null) {
        bounds.put("gte", gte);
      }
      if (lt != null) {
        bounds.put("lt", lt);
      }
      if (lte != null) {
        bounds.put("lte", lte);
      }
      return q;
    }
  }
}
