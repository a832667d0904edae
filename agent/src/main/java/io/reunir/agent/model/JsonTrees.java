package io.reunir.agent.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a document tree through a {@link JsonGenerator}, byte for byte as an {@code ObjectMapper}'s
 * {@code writeTree} does with its defaults, without the mapper: building one is a large part of a short
 * {@code collect} (its date format pulls in locale and calendar data), and the serializer provider
 * {@code writeTree} builds per call weighed on the sync's hashing (bench/PROFILES.md, "Short collect
 * runs").
 */
public final class JsonTrees {
  private JsonTrees() {}

  public static void write(JsonNode node, JsonGenerator out) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.writeStartObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          out.writeFieldName(field.getKey());
          write(field.getValue(), out);
        }
        out.writeEndObject();
      }
      case ARRAY -> {
        out.writeStartArray();
        for (JsonNode element : node) {
          write(element, out);
        }
        out.writeEndArray();
      }
      case STRING -> out.writeString(node.textValue());
      case BOOLEAN -> out.writeBoolean(node.booleanValue());
      case NULL -> out.writeNull();
      case NUMBER -> writeNumber(node, out);
      default -> writeOther(node, out);
    }
  }

  /** Binary and POJO nodes are never rendered; a generator with a codec still writes them exactly. */
  private static void writeOther(JsonNode node, JsonGenerator out) throws IOException {
    if (out.getCodec() == null) {
      throw new IllegalArgumentException("a document holds only JSON values, not " + node.getNodeType());
    }
    out.writeTree(node);
  }

  private static void writeNumber(JsonNode node, JsonGenerator out) throws IOException {
    switch (node.numberType()) {
      case INT -> out.writeNumber(node.intValue());
      case LONG -> out.writeNumber(node.longValue());
      case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
      case FLOAT -> out.writeNumber(node.floatValue());
      case DOUBLE -> out.writeNumber(node.doubleValue());
      case BIG_DECIMAL -> out.writeNumber(node.decimalValue());
      default -> throw new IllegalArgumentException("unknown number type " + node.numberType());
    }
  }
}
