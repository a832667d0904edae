package io.reunir.agent.probe.packages.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.probe.Bounded;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Reads the package arrays of an inventory that an OS image ships as one JSON object, one element at
 * a time, so memory is bounded by one record rather than by the file. What cannot be trusted is a
 * problem (naming the format and where), never an exception: the records before it are kept.
 */
final class InventoryJson {
  /** Far above any real image inventory; a larger file is refused rather than read. */
  static final long MAX_BYTES = 32L << 20;
  /** Likewise for records: past this many the file is not an image's inventory, and reading stops. */
  static final int MAX_RECORDS = 50_000;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(32).maxStringLength(1 << 20).maxNumberLength(64).build())
      .build());

  /** Receives each element of a wanted array, with the array's name and the element's index. */
  @FunctionalInterface
  interface Element {
    void accept(String array, int index, JsonNode element);
  }

  private InventoryJson() {}

  /**
   * Hands each element of the top-level arrays named in {@code wanted} to {@code element}; other
   * members are skipped. {@code required} is the array that must be there for the file to be of its
   * format (a file without it is the wrong shape).
   */
  static void read(InputStream in, String format, String required, List<String> wanted, Element element,
      List<String> problems) throws IOException {
    var limited = new LimitedInput(in, MAX_BYTES);
    boolean seen = false;
    int records = 0;
    try (JsonParser p = MAPPER.createParser(limited)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        problems.add(format + ": not a JSON object");
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (!wanted.contains(name)) {
          p.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          problems.add(format + ": \"" + name + "\" is not an array");
          p.skipChildren();
          continue;
        }
        seen |= name.equals(required);
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (records++ == MAX_RECORDS) {
            problems.add(format + ": more than " + MAX_RECORDS + " records; read stopped");
            return;
          }
          JsonNode node = p.readValueAsTree();
          element.accept(name, index++, node);
        }
      }
      if (p.nextToken() != null) {
        problems.add(format + ": content after the JSON object at " + where(p));
      }
    } catch (LimitedInput.TooLarge e) {
      problems.add(format + ": larger than " + MAX_BYTES + " bytes; refused after the records before");
      return;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      problems.add(format + ": broken JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
          + at.getColumnNr()) + " (" + firstLine(e.getOriginalMessage()) + ")");
      return;
    }
    if (!seen) {
      problems.add(format + ": no \"" + required + "\" array");
    }
  }

  /** A string member of a record, bounded; empty when absent, null or blank. */
  static Optional<String> text(JsonNode record, String field) throws BadRecord {
    JsonNode value = record.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new BadRecord("\"" + field + "\" is not a string");
    }
    String s = value.textValue().strip();
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw new BadRecord("\"" + field + "\" has control character 0x"
            + Integer.toHexString(s.charAt(i)));
      }
    }
    return s.isEmpty() ? Optional.empty() : Optional.of(Bounded.text(s));
  }

  static String required(JsonNode record, String field) throws BadRecord {
    return text(record, field).orElseThrow(() -> new BadRecord("no \"" + field + "\""));
  }

  /** {@code " (value)"} of a record's naming member, to say which record a problem is about. */
  static String label(JsonNode record, String field) {
    JsonNode name = record.isObject() ? record.get(field) : null;
    boolean printable = name != null && name.isTextual()
        && name.textValue().chars().noneMatch(Character::isISOControl);
    return printable ? " (" + Bounded.text(name.textValue(), 100) + ")" : "";
  }

  /** A record that cannot be trusted; the message says why. */
  static final class BadRecord extends Exception {
    BadRecord(String message) {
      super(message);
    }
  }

  private static String where(JsonParser p) {
    return "line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
  }

  private static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    return Bounded.text(line, 200);
  }

  /** Stops a read past {@code max} bytes, so a huge or endless file costs nothing more. */
  static final class LimitedInput extends FilterInputStream {
    private long left;

    LimitedInput(InputStream in, long max) {
      super(in);
      left = max;
    }

    static final class TooLarge extends IOException {
      TooLarge() {
        super("too large");
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count(Math.max(n, 0));
      return n;
    }

    private void count(int n) throws TooLarge {
      left -= n;
      if (left < 0) {
        throw new TooLarge();
      }
    }
  }
}
