package io.reunir.agent.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The hash stored in {@code reunir.hash}: SHA-256 of the document without {@code @timestamp} (which
 * changes every cycle) and without the hash itself. Documents renders fields in a fixed order, so the
 * same content always gives the same bytes.
 *
 * <p>{@link #stamp} serialises a document once: the hashed bytes are written with both fields left
 * out, then the timestamp and the hash are spliced back in where they belong, which yields exactly
 * the JSON of the stamped document. The fleet's initial sync spent much of its CPU copying and
 * serialising each document twice.
 */
public final class ContentHash {
  /** The one mapper that renders documents (and reads the agent's own JSON back). */
  static final ObjectMapper JSON = new ObjectMapper();
  public static final String FIELD = "hash";
  private static final String TIMESTAMP = "@timestamp";
  private static final String REUNIR = "reunir";
  private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

  private ContentHash() {}

  /** A stamped document: its hash and its JSON (the {@code _source} a bulk request carries). */
  public record Stamped(String hash, byte[] json) {}

  /** The hash of a document, by definition: a copy without the two fields, serialised compactly. */
  public static String of(ObjectNode document) {
    ObjectNode copy = document.deepCopy();
    copy.remove(TIMESTAMP);
    if (copy.get(REUNIR) instanceof ObjectNode reunir) {
      reunir.remove(FIELD);
    }
    try {
      return hex(JSON.writeValueAsBytes(copy));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Puts the hash into the document ({@code reunir.hash}, the last field of {@code reunir}) and returns
   * it with the document's JSON, serialising the document only once.
   */
  public static Stamped stamp(ObjectNode document) {
    if (document.get(REUNIR) instanceof ObjectNode reunir) {
      reunir.remove(FIELD); // a re-stamped document gets its hash at the end again
    } else if (document.has(REUNIR)) {
      return slowStamp(document); // a non-object reunir is replaced in place: never rendered so
    }
    var out = new ByteArrayOutputStream(1024);
    JsonNode timestamp = null;
    int timestampAt = -1;
    int hashAt = -1;
    boolean reunirEmpty = true;
    try (JsonGenerator gen = JSON.createGenerator(out)) {
      gen.writeStartObject();
      for (Map.Entry<String, JsonNode> field : document.properties()) {
        if (field.getKey().equals(TIMESTAMP)) {
          gen.flush();
          timestampAt = out.size();
          timestamp = field.getValue();
          continue;
        }
        gen.writeFieldName(field.getKey());
        if (field.getKey().equals(REUNIR)) {
          gen.writeStartObject();
          for (Map.Entry<String, JsonNode> child : field.getValue().properties()) {
            gen.writeFieldName(child.getKey());
            JsonTrees.write(child.getValue(), gen);
            reunirEmpty = false;
          }
          gen.flush();
          hashAt = out.size();
          gen.writeEndObject();
        } else {
          JsonTrees.write(field.getValue(), gen);
        }
      }
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] hashed = out.toByteArray();
    String hash = hex(hashed);
    boolean hasFields = hashed.length > 2;

    List<Splice> splices = new ArrayList<>(2);
    if (timestamp != null) {
      String value = timestamp.isTextual()
          ? "\"" + new String(QUOTE.quoteAsString(timestamp.textValue())) + "\"" : timestamp.toString();
      splices.add(timestampAt == 1
          ? new Splice(1, "\"" + TIMESTAMP + "\":" + value + (hasFields ? "," : ""))
          : new Splice(timestampAt, ",\"" + TIMESTAMP + "\":" + value));
    }
    String hashField = "\"" + FIELD + "\":\"" + hash + "\"";
    if (hashAt >= 0) {
      splices.add(new Splice(hashAt, (reunirEmpty ? "" : ",") + hashField));
    } else {
      boolean comma = hasFields || timestamp != null;
      splices.add(new Splice(hashed.length - 1, (comma ? "," : "") + "\"" + REUNIR + "\":{" + hashField + "}"));
    }
    splices.sort((a, b) -> Integer.compare(a.at(), b.at()));

    var json = new ByteArrayOutputStream(hashed.length + 80);
    int from = 0;
    for (Splice splice : splices) {
      json.write(hashed, from, splice.at() - from);
      json.writeBytes(splice.text().getBytes(StandardCharsets.UTF_8));
      from = splice.at();
    }
    json.write(hashed, from, hashed.length - from);
    putHash(document, hash);
    return new Stamped(hash, json.toByteArray());
  }

  private record Splice(int at, String text) {}

  private static Stamped slowStamp(ObjectNode document) {
    String hash = of(document);
    putHash(document, hash);
    try {
      return new Stamped(hash, JSON.writeValueAsBytes(document));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putHash(ObjectNode document, String hash) {
    var reunir = document.get(REUNIR) instanceof ObjectNode r ? r : document.putObject(REUNIR);
    reunir.put(FIELD, hash);
  }

  private static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
