package io.reunir.agent.probe.host.rpm;

import java.io.IOException;

/** A damaged rpm database or header: the message names what is wrong and where. */
public class RpmFormatException extends IOException {
  public RpmFormatException(String message) {
    super(message);
  }

  public RpmFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
