package io.reunir.advisories.osv;

/** A record that is JSON but not a valid OSV record; the message names the field, never its value. */
public final class OsvFormatException extends Exception {
  public OsvFormatException(String message) {
    super(message);
  }
}
