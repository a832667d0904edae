package io.reunir.advisories.osv;

/**
 * A record, file or export that could not be read. {@code source} is the file (and the zip entry
 * after {@code !}); {@code record} the record's id, or its position when the id is unknown.
 */
public record ReadError(String source, String record, String message) {
  /** One line for a person: {@code file: record: what is wrong}. */
  public String line() {
    return source + (record == null ? "" : ": " + record) + ": " + message;
  }
}
