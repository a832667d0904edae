package io.reunir.agent.probe;

import java.io.IOException;

/**
 * A host path that names a FIFO, a device, a socket or a directory where a file was expected. It is
 * refused before it is opened: opening a FIFO blocks until a writer comes, which on a hostile host is
 * never, and a device can be read forever.
 */
public final class NotRegularFileException extends IOException {
  private final String kind;

  public NotRegularFileException(String hostPath, String kind) {
    super(hostPath + " is a " + kind + ", not a regular file");
    this.kind = kind;
  }

  /** {@code FIFO}, {@code socket}, {@code character device}, {@code directory}, ... */
  public String kind() {
    return kind;
  }
}
