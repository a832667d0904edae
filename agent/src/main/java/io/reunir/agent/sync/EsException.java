package io.reunir.agent.sync;

import java.io.IOException;

/**
 * Elasticsearch could not be reached or refused a request. {@link #kind()} says which of the failures
 * an operator must tell apart; the message is short and never carries credentials.
 */
public final class EsException extends IOException {
  /** What went wrong, coarse enough to act on. */
  public enum Kind {
    CONNECTION_REFUSED, TIMEOUT, TLS, UNAUTHORIZED, FORBIDDEN, TOO_LARGE, RETRYABLE_STATUS, HTTP_STATUS,
    IO
  }

  private final Kind kind;
  private final int status;

  public EsException(Kind kind, int status, String reason) {
    super(reason);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** True when trying again later may succeed without anyone changing anything. */
  public boolean transientFailure() {
    return switch (kind) {
      case CONNECTION_REFUSED, TIMEOUT, RETRYABLE_STATUS, IO -> true;
      default -> false;
    };
  }

  static Kind kindOf(int status) {
    return switch (status) {
      case 401 -> Kind.UNAUTHORIZED;
      case 403 -> Kind.FORBIDDEN;
      case 413 -> Kind.TOO_LARGE;
      case 429, 502, 503, 504 -> Kind.RETRYABLE_STATUS;
      default -> status >= 500 ? Kind.RETRYABLE_STATUS : Kind.HTTP_STATUS;
    };
  }
}
