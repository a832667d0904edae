package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ContentHash#stamp} serialises once and splices: its hash must be the documented one and its
 * bytes exactly those of the stamped document, for rendered documents and for odd shapes alike.
 */
class ContentHashTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The definition, written out independently: SHA-256 of the document without the two fields. */
  private static String definedHash(ObjectNode document) throws Exception {
    ObjectNode copy = document.deepCopy();
    copy.remove("@timestamp");
    if (copy.get("reunir") instanceof ObjectNode reunir) {
      reunir.remove("hash");
    }
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(copy));
    return HexFormat.of().formatHex(digest, 0, 16);
  }

  private static void assertStampMatchesDefinition(ObjectNode document) throws Exception {
    String expectedHash = definedHash(document);

    String before = document.toString();
    boolean hadReunir = document.get("reunir") instanceof ObjectNode;
    var stamped = ContentHash.stamp(document);

    assertThat(stamped.hash()).as("hash of %s", before).isEqualTo(expectedHash);
    assertThat(document.at("/reunir/hash").asText()).isEqualTo(expectedHash);
    assertThat(new String(stamped.json(), StandardCharsets.UTF_8)).as("bytes of %s", document)
        .isEqualTo(JSON.writeValueAsString(document));
    if (hadReunir) {
      // Stamping added nothing the hash covers (without reunir it adds an object: as it always did).
      assertThat(ContentHash.of(document)).isEqualTo(expectedHash);
    }
  }

  @Test
  void renderedPackageAndServiceDocumentsAndTheHeartbeat() throws Exception {
    var inventory = NodeInventory.of(TestInventory.debian("n", 5).snapshot(), TestInventory.CONTEXT);
    for (var document : inventory.documents()) {
      ObjectNode source = (ObjectNode) JSON.readTree(document.json());
      assertThat(document.json()).isEqualTo(JSON.writeValueAsBytes(source));
      assertThat(document.entry().hash()).isEqualTo(definedHash(source));
      assertStampMatchesDefinition(source);
    }
    assertStampMatchesDefinition(inventory.heartbeat().deepCopy());
  }

  @Test
  void oddShapesSpliceTheTimestampAndTheHashWhereTheyBelong() throws Exception {
    List<String> documents = List.of(
        "{}",
        "{\"@timestamp\":\"2026-11-26T10:00:00Z\"}",
        "{\"a\":1}",
        "{\"a\":1,\"@timestamp\":\"t\",\"b\":{\"c\":[1,2]}}",
        "{\"a\":1,\"@timestamp\":\"t\"}",
        "{\"reunir\":{}}",
        "{\"@timestamp\":\"t\",\"reunir\":{}}",
        "{\"reunir\":{\"x\":\"y\"},\"@timestamp\":\"t\",\"z\":null}",
        "{\"@timestamp\":\"t\",\"reunir\":{\"hash\":\"stale\",\"x\":1},\"host\":{\"name\":\"n\"}}",
        "{\"@timestamp\":\"quote \\\" and \\u00e9 and \\u2028\",\"n\":\"\\u00fcber \\\\ \\n\"}",
        "{\"reunir\":\"not an object\",\"@timestamp\":\"t\"}",
        "{\"@timestamp\":12345,\"big\":12345678901234,\"f\":1.5,\"t\":true}",
        "{\"n\":[1,-2,3.25e100,123456789012345678901234567890,false,null,[],{}],\"e\":\"\"}");
    for (String text : documents) {
      assertStampMatchesDefinition((ObjectNode) JSON.readTree(text));
    }
    var numbers = JSON.createObjectNode().put("@timestamp", "t").put("f", 0.1f).put("s", (short) 7)
        .put("d", new java.math.BigDecimal("1.10")).put("b", new byte[] {1, 2});
    numbers.putPOJO("p", java.util.List.of("x"));
    assertStampMatchesDefinition(numbers);
  }

  @Test
  void theHashIgnoresTheTimestampAndAnEarlierHashButNotTheContent() {
    var a = document("t1", "v");
    var b = document("t2", "v");
    var c = document("t1", "w");
    String first = ContentHash.stamp(a).hash();

    assertThat(ContentHash.stamp(b).hash()).isEqualTo(first);
    assertThat(ContentHash.stamp(a).hash()).isEqualTo(first); // re-stamped, its old hash left out
    assertThat(ContentHash.stamp(c).hash()).isNotEqualTo(first);
  }

  private static ObjectNode document(String timestamp, String value) {
    var document = JSON.createObjectNode().put("@timestamp", timestamp);
    document.putObject("reunir").put("k", value);
    return document;
  }
}
