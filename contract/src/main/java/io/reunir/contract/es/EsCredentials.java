package io.reunir.contract.es;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How requests authenticate, as values: the agent reads them from files, the operator from a Secret. */
public sealed interface EsCredentials {
  /** The {@code Authorization} header value, or null for none. */
  String authorization();

  /** An API key in the encoded form Elasticsearch returns. */
  record ApiKey(String encoded) implements EsCredentials {
    @Override
    public String authorization() {
      return "ApiKey " + encoded;
    }

    @Override
    public String toString() {
      return "ApiKey[redacted]";
    }
  }

  /** Basic auth. */
  record Basic(String username, String password) implements EsCredentials {
    @Override
    public String authorization() {
      return "Basic " + Base64.getEncoder()
          .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Basic[redacted]";
    }
  }

  /** No credentials (a cluster without security, as in the tests and the quickstart). */
  record None() implements EsCredentials {
    @Override
    public String authorization() {
      return null;
    }
  }
}
