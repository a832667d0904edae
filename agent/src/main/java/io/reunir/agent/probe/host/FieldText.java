package io.reunir.agent.probe.host;

import io.reunir.agent.probe.Bounded;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns the bytes of one database field into a value, or says what is wrong with them. */
public final class FieldText {
  private FieldText() {}

  /** Thrown for a value that cannot be trusted; the message names the problem. */
  public static final class BadValue extends Exception {
    BadValue(String message) {
      super(message);
    }
  }

  /** The value in {@code bytes[from, to)}, trimmed of blanks and bounded. */
  public static String value(byte[] bytes, int from, int to) throws BadValue {
    while (from < to && (bytes[from] == ' ' || bytes[from] == '\t')) {
      from++;
    }
    while (to > from && (bytes[to - 1] == ' ' || bytes[to - 1] == '\t')) {
      to--;
    }
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b >= 0 && b < 0x20 && b != '\t') {
        throw new BadValue(b == 0 ? "NUL byte" : "control character 0x" + Integer.toHexString(b));
      }
      ascii &= b >= 0;
    }
    if (ascii) {
      return Bounded.text(new String(bytes, 0, from, to - from));
    }
    try {
      return Bounded.text(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, to - from)).toString());
    } catch (CharacterCodingException e) {
      throw new BadValue("bytes that are not UTF-8");
    }
  }

  /** True when the field name {@code bytes[0, length)} is {@code name}, ignoring ASCII case. */
  public static boolean nameIs(byte[] bytes, int length, String name) {
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lower(bytes[i]) != lower((byte) name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when the field name {@code bytes[0, length)} is the one whose lower-case ASCII bytes are
   * {@code lowerName}, ignoring ASCII case. The parser's hot path: comparing bytes to bytes avoids
   * {@code String.charAt}, which C1 (the image's only JIT) does not reduce to an array read.
   */
  public static boolean nameIs(byte[] bytes, int length, byte[] lowerName) {
    if (length != lowerName.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lower(bytes[i]) != lowerName[i]) {
        return false;
      }
    }
    return true;
  }

  /** The lower-case ASCII bytes of a field name, for {@link #nameIs(byte[], int, byte[])}. */
  public static byte[] lowerName(String name) {
    byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) lower(bytes[i]);
    }
    return bytes;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }
}
