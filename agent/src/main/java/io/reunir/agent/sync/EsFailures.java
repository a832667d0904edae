package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.MissingRequiredPropertyException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.json.JsonException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.ResponseException;

/**
 * Turns what the Elasticsearch Java client throws into the agent's {@link EsException}: the kinds the
 * sync acts on (refused, timed out, TLS, credentials, retryable status) and a short message with
 * Elasticsearch's own reason. Messages are built here from the status and the error's type and
 * reason only: the client's own messages quote requests, and a header of a request is a secret.
 */
final class EsFailures {
  private static final int MAX_REASON = 300;

  /** A call of the client. */
  interface Call<T> {
    T run() throws IOException;
  }

  private EsFailures() {}

  /** Runs one call of the client; any failure comes out as an {@link EsException} about {@code what}. */
  static <T> T call(String what, Call<T> call) throws EsException {
    try {
      return call.run();
    } catch (EsException e) {
      throw e;
    } catch (ElasticsearchException e) {
      throw status(what, e.status(), reason(e.error()));
    } catch (JsonException | MissingRequiredPropertyException e) {
      throw new EsException(EsException.Kind.IO, 0, what + ": unreadable answer ("
          + e.getClass().getSimpleName() + ")");
    } catch (IOException e) {
      throw of(what, e);
    }
  }

  static EsException of(String what, IOException e) {
    if (e instanceof TransportException transport) {
      // An answer the client could not read as success or error, such as a 413 with no body.
      return transport.statusCode() > 0 ? status(what, transport.statusCode(), null)
          : of(what, transport.getCause() instanceof IOException io ? io : new IOException(transport));
    }
    if (e instanceof ResponseException response) {
      // The low-level client throws for the statuses the Java client does not ask it to pass (413,
      // 429, 5xx), after trying every URL.
      return status(what, response.getResponse().getStatusLine().getStatusCode(), reason(response));
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException ssl) {
        return new EsException(EsException.Kind.TLS, 0, what + ": TLS failure (" + ssl.getMessage() + ")");
      }
      if (cause instanceof ConnectException) {
        return new EsException(EsException.Kind.CONNECTION_REFUSED, 0, what + ": connection refused");
      }
      if (cause instanceof SocketTimeoutException || cause instanceof ConnectTimeoutException) {
        return new EsException(EsException.Kind.TIMEOUT, 0, what + ": no answer in time");
      }
      if (cause instanceof InterruptedIOException) {
        return new EsException(EsException.Kind.IO, 0, what + ": interrupted");
      }
    }
    return new EsException(EsException.Kind.IO, 0, what + ": " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " " + e.getMessage()));
  }

  /** The error for an HTTP status, with Elasticsearch's reason when it gave one. */
  static EsException status(String what, int status, String reason) {
    return new EsException(EsException.kindOf(status), status, what + ": HTTP " + status
        + (reason == null || reason.isEmpty() ? "" : " " + reason));
  }

  /** {@code type reason} of an error, cut short. */
  static String reason(ErrorCause error) {
    if (error == null) {
      return null;
    }
    String text = ((error.type() == null ? "" : error.type()) + " "
        + (error.reason() == null ? "" : error.reason())).strip();
    return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text;
  }

  private static String reason(ResponseException e) {
    try {
      if (e.getResponse().getEntity() == null) {
        return null;
      }
      JsonNode error = ContentHash.JSON.readTree(EntityUtils.toString(e.getResponse().getEntity())).path("error");
      if (error.isTextual()) {
        return error.asText();
      }
      String text = (error.path("type").asText("") + " " + error.path("reason").asText("")).strip();
      return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text;
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }
}
