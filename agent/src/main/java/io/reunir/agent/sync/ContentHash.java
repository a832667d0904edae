package io.reunir.agent.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash stored in {@code reunir.hash}: SHA-256 of the document without {@code @timestamp} (which
 * changes every cycle) and without the hash itself. Documents renders fields in a fixed order, so the
 * same content always gives the same bytes.
 */
public final class ContentHash {
  public static final String FIELD = "hash";

  private ContentHash() {}

  public static String of(ObjectNode document) {
    ObjectNode copy = document.deepCopy();
    copy.remove("@timestamp");
    if (copy.get("reunir") instanceof ObjectNode reunir) {
      reunir.remove(FIELD);
    }
    try {
      byte[] bytes = EsClient.JSON.writeValueAsBytes(copy);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts the hash into the document ({@code reunir.hash}) and returns it. */
  public static String stamp(ObjectNode document) {
    String hash = of(document);
    var reunir = document.get("reunir") instanceof ObjectNode r ? r : document.putObject("reunir");
    reunir.put(FIELD, hash);
    return hash;
  }
}
