package io.reunir.agent.probe.host;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a package database line by line as bytes, never holding more than one bounded line: a
 * hostile file with a 10 MB line costs a scan, not 10 MB of memory. A line that does not fit is
 * marked {@link #overlong()} and its start is kept. A trailing {@code \r} (CRLF files) is dropped.
 */
public final class LineReader {
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private final byte[] line;
  private int length;
  private boolean overlong;
  private long number;

  public LineReader(InputStream in, int maxLine) {
    this.in = in;
    this.line = new byte[maxLine];
  }

  /** Moves to the next line; false at the end of the input. */
  public boolean next() throws IOException {
    length = 0;
    overlong = false;
    boolean any = false;
    // Fields copied to locals: under the image's C1-only JIT a field read stays in the scan loop.
    byte[] buf = buffer;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return false;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      int end = start;
      int stop = limit;
      while (end < stop && buf[end] != '\n') {
        end++;
      }
      copy(start, end);
      if (end < stop) {
        pos = end + 1;
        break;
      }
      pos = stop;
    }
    number++;
    if (length > 0 && line[length - 1] == '\r' && !overlong) {
      length--;
    }
    return true;
  }

  private void copy(int from, int to) {
    int n = to - from;
    int room = line.length - length;
    if (n > room) {
      overlong = true;
      n = room;
    }
    System.arraycopy(buffer, from, line, length, n);
    length += n;
  }

  public byte[] bytes() {
    return line;
  }

  public int length() {
    return length;
  }

  public boolean overlong() {
    return overlong;
  }

  /** 1-based number of the current line. */
  public long number() {
    return number;
  }
}
