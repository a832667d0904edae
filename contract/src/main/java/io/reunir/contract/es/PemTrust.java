package io.reunir.contract.es;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The one place PEM CA certificates become a TLS context, for the agent and the operator alike. */
public final class PemTrust {
  private PemTrust() {}

  /**
   * An SSLContext trusting exactly the CA certificates in {@code pem}; hostnames are still verified by
   * the HTTP client. {@code source} names where the PEM came from in an error (a setting or a Secret
   * key), never its content.
   */
  public static SSLContext context(byte[] pem, String source) throws IOException {
    try {
      var certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem));
      if (certificates.isEmpty()) {
        throw new IOException(source + ": no PEM certificate in it");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(source + ": not a usable PEM certificate (" + e.getClass().getSimpleName() + ")");
    }
  }
}
