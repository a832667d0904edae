package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Clients are shared per trust setting, so cycles stop leaving idle HTTP threads behind. */
class HttpClientsTest {
  @Test
  void theJdkTrustClientIsBuiltOnce() {
    assertThat(HttpClients.jdkTrust()).isSameAs(HttpClients.jdkTrust());
  }

  @Test
  void aCaFileGetsOneClientPerContentAndANewOneWhenItChanges() throws Exception {
    var built = new AtomicInteger();
    SSLContext tls = SSLContext.getDefault();
    HttpClients.TlsContext context = () -> {
      built.incrementAndGet();
      return tls;
    };
    byte[] ca = "-----BEGIN CERTIFICATE-----\nfirst-ca\n".getBytes(StandardCharsets.UTF_8);
    byte[] sameContent = ca.clone();
    byte[] rotated = "-----BEGIN CERTIFICATE-----\nrotated-ca\n".getBytes(StandardCharsets.UTF_8);

    var first = HttpClients.trusting(ca, context);
    assertThat(HttpClients.trusting(sameContent, context)).isSameAs(first);
    assertThat(built).hasValue(1);
    var afterRotation = HttpClients.trusting(rotated, context);
    assertThat(afterRotation).isNotSameAs(first).isNotSameAs(HttpClients.jdkTrust());
    assertThat(built).hasValue(2);
  }
}
