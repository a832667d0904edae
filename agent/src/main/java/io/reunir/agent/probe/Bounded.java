package io.reunir.agent.probe;

/** Host-derived strings are bounded before they reach a document: a hostile file cannot bloat one. */
public final class Bounded {
  public static final int MAX_VALUE_CHARS = 1024;

  /** Lists read from a host (mounts, interfaces) keep at most this many entries. */
  public static final int MAX_ENTRIES = 256;

  private Bounded() {}

  public static String text(String value) {
    return text(value, MAX_VALUE_CHARS);
  }

  public static String text(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    return value.substring(0, max);
  }
}
