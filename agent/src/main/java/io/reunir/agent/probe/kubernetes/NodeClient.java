package io.reunir.agent.probe.kubernetes;

import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * GETs one Node from the API server with the JDK's HTTP client: the agent stays small, without a
 * Kubernetes client library. TLS trusts only the given CA and verifies the host name (the JDK
 * default); the bearer token is read from its file for every request.
 */
final class NodeClient {
  /** A Node with many labels and images is tens of KB; anything far larger is not a Node. */
  static final int MAX_BODY_BYTES = 8 << 20;

  /** A reply other than 200; {@code status} is the HTTP status. */
  static final class ApiException extends IOException {
    final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private NodeClient() {}

  static byte[] getNode(KubernetesAccess access) throws IOException, InterruptedException {
    String token;
    try (InputStream in = HostRoot.openRegular(access.tokenFile())) {
      token = new String(in.readNBytes(HostRoot.MAX_TEXT_BYTES), StandardCharsets.UTF_8).strip();
    }
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(access.timeout());
    if ("https".equals(access.apiServer().getScheme())) {
      builder.sslContext(trusting(access));
    }
    URI uri =
        access
            .apiServer()
            .resolve(
                "/api/v1/nodes/" + URLEncoder.encode(access.nodeName(), StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(access.timeout())
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response =
        builder.build().send(request, HttpResponse.BodyHandlers.ofInputStream());
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (response.statusCode() != 200) {
      throw new ApiException(
          response.statusCode(),
          "GET "
              + uri.getPath()
              + " answered "
              + response.statusCode()
              + hint(response.statusCode(), access)
              + ": "
              + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip());
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new IOException(
          "GET " + uri.getPath() + " returned more than " + MAX_BODY_BYTES + " bytes; not a Node");
    }
    return body;
  }

  private static String hint(int status, KubernetesAccess access) {
    return switch (status) {
      case 401 -> " (the service-account token was rejected)";
      case 403 -> " (the agent's ServiceAccount may not get nodes; it needs RBAC get on nodes)";
      case 404 -> " (no Node named '" + access.nodeName() + "'; is NODE_NAME the node's name?)";
      default -> "";
    };
  }

  private static SSLContext trusting(KubernetesAccess access) throws IOException {
    try (InputStream in = HostRoot.openRegular(access.caFile())) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw new IOException("no certificate in " + access.caFile());
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("unusable CA file " + access.caFile() + ": " + e.getMessage(), e);
    }
  }
}
