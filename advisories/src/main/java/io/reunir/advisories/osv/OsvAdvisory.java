package io.reunir.advisories.osv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * An OSV record (https://ossf.github.io/osv-schema/) with the fields advisories need, checked:
 * {@link #of} refuses a record whose fields have the wrong JSON types, naming the field.
 */
public record OsvAdvisory(
    String id,
    Instant modified,
    Instant published,
    Instant withdrawn,
    List<String> aliases,
    List<String> upstream,
    List<String> related,
    String summary,
    List<Severity> severity,
    List<Affected> affected,
    List<Reference> references) {

  /** The longest summary kept; a summary is one line, a longer one is hostile or a mistake. */
  static final int SUMMARY_MAX = 1024;

  public record Severity(String type, String score) {}

  public record Reference(String type, String url) {}

  /**
   * One {@code affected[]} entry. {@code ecosystemSpecific} and {@code databaseSpecific} stay trees:
   * their shape is each database's own (Ubuntu's {@code binaries} and {@code ubuntu_priority},
   * Debian's {@code urgency}, …).
   */
  public record Affected(String ecosystem, String name, String purl, List<Range> ranges,
      List<Severity> severity, ObjectNode ecosystemSpecific, ObjectNode databaseSpecific) {}

  public record Range(String type, List<Event> events) {}

  /** {@code kind} is introduced, fixed, last_affected or limit. */
  public record Event(String kind, String version) {}

  static OsvAdvisory of(OsvRecord r) throws OsvFormatException {
    String id = requiredText(r.id(), "id");
    try {
      return new OsvAdvisory(id, time(r.modified(), "modified"), time(r.published(), "published"),
          time(r.withdrawn(), "withdrawn"), strings(r.aliases(), "aliases"),
          strings(r.upstream(), "upstream"), strings(r.related(), "related"), summary(r.summary()),
          severities(r.severity(), "severity"), affected(r.affected()), references(r.references()));
    } catch (OsvFormatException e) {
      throw new OsvFormatException(id + ": " + e.getMessage());
    }
  }

  private static String requiredText(JsonNode node, String field) throws OsvFormatException {
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new OsvFormatException("no " + field + " (a non-empty string)");
    }
    return node.asText();
  }

  private static String text(JsonNode node, String field) throws OsvFormatException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new OsvFormatException(field + " must be a string");
    }
    return node.asText();
  }

  private static String summary(JsonNode node) throws OsvFormatException {
    String text = text(node, "summary");
    if (text != null && text.length() > SUMMARY_MAX) {
      text = text.substring(0, SUMMARY_MAX) + "…";
    }
    return text;
  }

  private static Instant time(JsonNode node, String field) throws OsvFormatException {
    String text = text(node, field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new OsvFormatException(field + " is not an RFC 3339 time");
    }
  }

  private static List<String> strings(JsonNode node, String field) throws OsvFormatException {
    var list = new ArrayList<String>();
    for (JsonNode item : array(node, field)) {
      if (!item.isTextual()) {
        throw new OsvFormatException(field + " must hold strings");
      }
      list.add(item.asText());
    }
    return List.copyOf(list);
  }

  private static List<JsonNode> array(JsonNode node, String field) throws OsvFormatException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new OsvFormatException(field + " must be an array");
    }
    var list = new ArrayList<JsonNode>();
    node.forEach(list::add);
    return list;
  }

  private static JsonNode object(JsonNode node, String field) throws OsvFormatException {
    if (node == null || !node.isObject()) {
      throw new OsvFormatException(field + " must be an object");
    }
    return node;
  }

  private static ObjectNode optionalObject(JsonNode node, String field) throws OsvFormatException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return JsonNodeFactory.instance.objectNode();
    }
    return (ObjectNode) object(node, field);
  }

  /** Reads one object of an array, named by its path ({@code affected[2]}) for its errors. */
  @FunctionalInterface
  private interface ItemReader<T> {
    T read(JsonNode item, String at) throws OsvFormatException;
  }

  /** Each element of the array {@code node} (at path {@code field}), which must be an object. */
  private static <T> List<T> objects(JsonNode node, String field, ItemReader<T> reader)
      throws OsvFormatException {
    var list = new ArrayList<T>();
    int i = 0;
    for (JsonNode item : array(node, field)) {
      String at = field + "[" + i++ + "]";
      list.add(reader.read(object(item, at), at));
    }
    return List.copyOf(list);
  }

  private static List<Severity> severities(JsonNode node, String field) throws OsvFormatException {
    return objects(node, field, (item, at) -> new Severity(requiredText(item.get("type"), at + ".type"),
        requiredText(item.get("score"), at + ".score")));
  }

  private static List<Reference> references(JsonNode node) throws OsvFormatException {
    return objects(node, "references", (item, at) -> new Reference(text(item.get("type"), at + ".type"),
        requiredText(item.get("url"), at + ".url")));
  }

  private static List<Affected> affected(JsonNode node) throws OsvFormatException {
    return objects(node, "affected", (item, at) -> {
      JsonNode pkg = object(item.get("package"), at + ".package");
      return new Affected(requiredText(pkg.get("ecosystem"), at + ".package.ecosystem"),
          requiredText(pkg.get("name"), at + ".package.name"), text(pkg.get("purl"), at + ".package.purl"),
          ranges(item.get("ranges"), at + ".ranges"), severities(item.get("severity"), at + ".severity"),
          optionalObject(item.get("ecosystem_specific"), at + ".ecosystem_specific"),
          optionalObject(item.get("database_specific"), at + ".database_specific"));
    });
  }

  private static List<Range> ranges(JsonNode node, String field) throws OsvFormatException {
    return objects(node, field, (item, at) -> new Range(requiredText(item.get("type"), at + ".type"),
        objects(item.get("events"), at + ".events", OsvAdvisory::event)));
  }

  private static Event event(JsonNode event, String at) throws OsvFormatException {
    if (event.size() != 1) {
      throw new OsvFormatException(at + " must have exactly one of introduced, fixed, last_affected, limit");
    }
    String kind = event.fieldNames().next();
    if (!List.of("introduced", "fixed", "last_affected", "limit").contains(kind)) {
      throw new OsvFormatException(at + " is not introduced, fixed, last_affected or limit");
    }
    return new Event(kind, requiredText(event.get(kind), at + "." + kind));
  }
}
