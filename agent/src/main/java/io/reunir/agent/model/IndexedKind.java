package io.reunir.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A document kind the agent keeps in its own index: what the delta planner, the change events and
 * the read-back need to know about it, so that none of them names a kind.
 */
public interface IndexedKind<R> extends DocumentKind<R> {
  /** The part of the {@code _id} after {@code cluster/node/}, as DESIGN.md gives it. */
  String key(R record);

  /**
   * What tells apart records with the same key (rpm installs some names several times), appended
   * to the id only then; null when a key is unique by nature.
   */
  default String variant(R record) {
    return null;
  }

  /** The fields a change event quotes and the read-back returns, of a record. */
  Subject subject(R record);

  /** The {@code _source} fields {@link #subject(JsonNode)} reads. */
  List<String> sourceFields();

  /** The subject of a document Elasticsearch holds. */
  Subject subject(JsonNode source);

  /** The change action of a new document, and of a vanished one. */
  String added();

  String removed();

  /** The action of a document whose {@link Subject#value} changed, or null when nobody asks. */
  String changed(String before, String now);

  /**
   * Puts the kind's fields into a change document: the subject's, its value now and its previous
   * value (under {@code reunir}); {@code now} is null for a removal, {@code before} for an addition.
   */
  void putEventFields(ObjectNode event, ObjectNode reunir, Subject subject, Subject now, Subject before);

  /**
   * A document's identity and the one value whose change is news ({@code package.version},
   * {@code service.state}); fields a kind lacks are null.
   */
  record Subject(String type, String name, String architecture, String value) {}

  /** The text of a JSON field, null when absent or not text. */
  static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  static void putIfNotNull(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
