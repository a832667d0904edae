package io.reunir.agent.probe.host.rpm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rpm header blob as the database stores it (no lead, no magic): {@code int32 indexCount},
 * {@code int32 dataLength}, then {@code indexCount} entries of {@code tag, type, offset, count},
 * then the data store; all big-endian. Every offset and count is checked against the blob before
 * use, so a damaged blob is a {@link RpmFormatException}, never an out-of-bounds read or a huge
 * allocation.
 */
public final class RpmHeader {
  public static final int NAME = 1000;
  public static final int VERSION = 1001;
  public static final int RELEASE = 1002;
  public static final int EPOCH = 1003;
  public static final int INSTALLTIME = 1008;
  public static final int SIZE = 1009;
  public static final int ARCH = 1022;
  public static final int SOURCERPM = 1044;
  public static final int DIRINDEXES = 1116;
  public static final int BASENAMES = 1117;
  public static final int DIRNAMES = 1118;
  public static final int LONGSIZE = 5009;

  private static final int TYPE_INT32 = 4;
  private static final int TYPE_INT64 = 5;
  private static final int TYPE_STRING = 6;
  private static final int TYPE_STRING_ARRAY = 8;
  private static final int TYPE_I18NSTRING = 9;
  private static final int ENTRY_BYTES = 16;

  /** rpm's own sanity limits (hdrchkTags / hdrchkData): larger is damage, not a package. */
  private static final int MAX_ENTRIES = 0xffff;

  private static final int MAX_DATA = 256 << 20;

  private record Entry(int type, int offset, int count) {}

  private final ByteBuffer data;
  private final Map<Integer, Entry> entries;

  private RpmHeader(ByteBuffer data, Map<Integer, Entry> entries) {
    this.data = data;
    this.entries = entries;
  }

  /** Parses {@code blob}; the header keeps a reference to it, so the caller must not reuse it. */
  public static RpmHeader parse(byte[] blob) throws RpmFormatException {
    if (blob.length < 8) {
      throw new RpmFormatException("header blob of " + blob.length + " bytes is shorter than 8");
    }
    ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.BIG_ENDIAN);
    long count = Integer.toUnsignedLong(buf.getInt(0));
    long dataLength = Integer.toUnsignedLong(buf.getInt(4));
    if (count == 0 || count > MAX_ENTRIES) {
      throw new RpmFormatException("header claims " + count + " index entries");
    }
    if (dataLength > MAX_DATA) {
      throw new RpmFormatException("header claims " + dataLength + " bytes of data");
    }
    long needed = 8 + count * ENTRY_BYTES + dataLength;
    if (needed > blob.length) {
      throw new RpmFormatException(
          "header claims "
              + count
              + " entries and "
              + dataLength
              + " data bytes ("
              + needed
              + " bytes) but the blob has "
              + blob.length);
    }
    int storeStart = (int) (8 + count * ENTRY_BYTES);
    ByteBuffer store =
        ByteBuffer.wrap(blob, storeStart, (int) dataLength).slice().order(ByteOrder.BIG_ENDIAN);
    Map<Integer, Entry> entries = new HashMap<>();
    for (int i = 0; i < count; i++) {
      int at = 8 + i * ENTRY_BYTES;
      int tag = buf.getInt(at);
      Entry e = new Entry(buf.getInt(at + 4), buf.getInt(at + 8), buf.getInt(at + 12));
      if (e.offset() < 0 || e.offset() > dataLength || e.count() < 0) {
        throw new RpmFormatException(
            "tag "
                + tag
                + " points at offset "
                + e.offset()
                + " outside "
                + dataLength
                + " data bytes");
      }
      // Entries added after install (the "dribble" after the immutable region) come later and win,
      // as they do in rpm.
      entries.put(tag, e);
    }
    return new RpmHeader(store, entries);
  }

  public boolean has(int tag) {
    return entries.containsKey(tag);
  }

  /** The first string of a STRING, I18NSTRING or STRING_ARRAY tag. */
  public Optional<String> string(int tag) throws RpmFormatException {
    Entry e = entries.get(tag);
    if (e == null) {
      return Optional.empty();
    }
    requireType(tag, e, TYPE_STRING, TYPE_I18NSTRING, TYPE_STRING_ARRAY);
    return Optional.of(readString(tag, e.offset()).value());
  }

  public List<String> strings(int tag) throws RpmFormatException {
    Entry e = entries.get(tag);
    if (e == null) {
      return List.of();
    }
    requireType(tag, e, TYPE_STRING, TYPE_I18NSTRING, TYPE_STRING_ARRAY);
    int n = e.type() == TYPE_STRING_ARRAY ? e.count() : 1;
    // Each string takes at least its NUL byte: a count beyond the store is damage.
    if (n > data.capacity() - e.offset()) {
      throw new RpmFormatException("tag " + tag + " claims " + n + " strings in too few bytes");
    }
    List<String> out = new ArrayList<>(n);
    int at = e.offset();
    for (int i = 0; i < n; i++) {
      Str s = readString(tag, at);
      out.add(s.value());
      at = s.next();
    }
    return out;
  }

  /** INT32 values as unsigned longs (rpm stores sizes and times as uint32). */
  public long[] ints(int tag) throws RpmFormatException {
    Entry e = entries.get(tag);
    if (e == null) {
      return new long[0];
    }
    requireType(tag, e, TYPE_INT32, TYPE_INT64);
    int width = e.type() == TYPE_INT32 ? 4 : 8;
    if ((long) e.count() * width > data.capacity() - e.offset()) {
      throw new RpmFormatException(
          "tag " + tag + " claims " + e.count() + " integers beyond the data store");
    }
    long[] out = new long[e.count()];
    for (int i = 0; i < out.length; i++) {
      int at = e.offset() + i * width;
      out[i] = width == 4 ? Integer.toUnsignedLong(data.getInt(at)) : data.getLong(at);
    }
    return out;
  }

  public Optional<Long> firstInt(int tag) throws RpmFormatException {
    long[] values = ints(tag);
    return values.length == 0 ? Optional.empty() : Optional.of(values[0]);
  }

  private record Str(String value, int next) {}

  private Str readString(int tag, int offset) throws RpmFormatException {
    int end = offset;
    int limit = data.capacity();
    while (end < limit && data.get(end) != 0) {
      end++;
    }
    if (end >= limit) {
      throw new RpmFormatException("string of tag " + tag + " runs past the data store");
    }
    byte[] bytes = new byte[end - offset];
    data.get(offset, bytes);
    return new Str(new String(bytes, StandardCharsets.UTF_8), end + 1);
  }

  private static void requireType(int tag, Entry e, int... allowed) throws RpmFormatException {
    for (int t : allowed) {
      if (e.type() == t) {
        return;
      }
    }
    throw new RpmFormatException("tag " + tag + " has unexpected type " + e.type());
  }
}
