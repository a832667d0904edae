package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.reunir.contract.config.ElasticsearchConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials, TLS trust and error kinds of the agent's Elasticsearch Java client, against the JDK's
 * own HTTP server: it answers what a security-enabled cluster answers to the headers it sees (the real
 * Elasticsearch of the ITs runs with security off).
 */
class EsConnectionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String SECRET = "c2VjcmV0LWtleS1pZDpzZWNyZXQta2V5";
  @TempDir
  Path dir;
  private HttpServer server;
  private final LinkedBlockingQueue<String> authorizations = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "none" : auth);
      boolean ok = ("ApiKey " + SECRET).equals(auth);
      byte[] body = ("{\"error\":{\"type\":\"security_exception\","
          + "\"reason\":\"unable to authenticate\"},\"status\":401}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      if (ok) {
        exchange.sendResponseHeaders(200, -1); // the answer to the HEAD of a ping
      } else {
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String scheme) {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void anApiKeyFromItsFileGoesIntoTheHeaderAndNowhereElse() throws Exception {
    Path key = Files.writeString(dir.resolve("apiKey"), SECRET + "\n");
    var es = client(new ElasticsearchConfig(List.of(url("http")), "r", key.toString(), null, null, null));
    assertThat(ping(es)).isTrue();
    assertThat(authorizations.take()).isEqualTo("ApiKey " + SECRET);
  }

  @Test
  void refusedCredentialsAreRecognisableAndTheMessageHoldsNoSecret() throws Exception {
    Path user = Files.writeString(dir.resolve("username"), "reunir");
    Path password = Files.writeString(dir.resolve("password"), "hunter2-password");
    var es = client(new ElasticsearchConfig(List.of(url("http")), "r", null, user.toString(),
        password.toString(), null));
    var error = org.assertj.core.api.Assertions.catchThrowableOfType(EsException.class,
        () -> TemplateInstall.ensure(es, "r"));

    assertThat(authorizations.take()).isEqualTo("Basic " + Base64.getEncoder()
        .encodeToString("reunir:hunter2-password".getBytes(StandardCharsets.UTF_8)));
    assertThat(error.kind()).isEqualTo(EsException.Kind.UNAUTHORIZED);
    assertThat(error.getMessage()).contains("401", "unable to authenticate").doesNotContain("hunter2");
  }

  /** An HTTPS server whose self-signed certificate names es.example and 127.0.0.1, never localhost. */
  private HttpsServer tlsServer(Path keystore) throws Exception {
    var keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      keys.load(in, "changeit".toCharArray());
    }
    var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    var context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    var https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(context));
    https.createContext("/", exchange -> {
      exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    https.start();
    return https;
  }

  private void keytool(String... args) throws Exception {
    var command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
  }

  @Test
  void theCaFileIsTrustedAndHostnamesAreStillVerified() throws Exception {
    keytool("-genkeypair", "-alias", "es", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=es.example",
        "-ext", "SAN=dns:es.example,ip:127.0.0.1", "-validity", "2", "-keystore", "es.p12",
        "-storetype", "PKCS12", "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "es", "-keystore", "es.p12", "-storepass", "changeit",
        "-file", "ca.crt");
    var https = tlsServer(dir.resolve("es.p12"));
    try {
      int port = https.getAddress().getPort();
      String ca = dir.resolve("ca.crt").toString();
      var trusted = client(new ElasticsearchConfig(List.of("https://127.0.0.1:" + port), "r",
          null, null, null, ca));
      assertThat(ping(trusted)).isTrue();

      var jdkTrust = client(new ElasticsearchConfig(List.of("https://127.0.0.1:" + port), "r",
          null, null, null, null));
      assertThatThrownBy(() -> ping(jdkTrust)).isInstanceOfSatisfying(EsException.class,
          e -> assertThat(e.kind()).isEqualTo(EsException.Kind.TLS));

      var wrongName = client(new ElasticsearchConfig(List.of("https://localhost:" + port), "r",
          null, null, null, ca));
      assertThatThrownBy(() -> ping(wrongName)).isInstanceOfSatisfying(EsException.class,
          e -> assertThat(e.kind()).isEqualTo(EsException.Kind.TLS));
    } finally {
      https.stop(0);
    }
  }

  private String refusal(String apiKey, String user, String password) throws Exception {
    var config = new ElasticsearchConfig(List.of(url("http")), "r",
        apiKey == null ? null : Files.writeString(dir.resolve("apiKey"), apiKey).toString(),
        user == null ? null : Files.writeString(dir.resolve("username"), user).toString(),
        password == null ? null : Files.writeString(dir.resolve("password"), password).toString(), null);
    try {
      ping(client(config));
    } catch (java.io.IOException | RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted " + config);
  }

  @Test
  void aSecretFileThatCannotBeAHeaderIsRefusedNamingTheFileNotItsContent() throws Exception {
    assertThat(refusal("keyLineOne\nkeyLineTwo\n", null, null))
        .isEqualTo("elasticsearch.apiKeyFile: file " + dir.resolve("apiKey")
            + " holds more than one line; only a trailing newline is allowed");
    assertThat(refusal("keyWith Space", null, null)).startsWith("elasticsearch.apiKeyFile: file ")
        .doesNotContain("keyWith");
    assertThat(refusal(null, "reunir", "pass\u0007word")).startsWith("elasticsearch.passwordFile: file ")
        .contains("control character").doesNotContain("pass\u0007word");
    assertThat(refusal(null, "reu:nir", "password")).startsWith("elasticsearch.usernameFile: file ")
        .doesNotContain("reu:nir");
  }

  @Test
  void aUrlWithCredentialsIsRefusedWithoutShowingThem() {
    var config = new ElasticsearchConfig(List.of("http://elastic:s3cr3t@127.0.0.1:9200"), "r", null, null,
        null, null);
    assertThatThrownBy(() -> client(config)).hasMessageStartingWith("elasticsearch.urls[0]: ")
        .hasMessageContaining("holds credentials").hasMessageNotContaining("s3cr3t");
  }

  @Test
  void theClientIsKeptFromCycleToCycleAndBuiltAgainWhenASecretFileChanges() throws Exception {
    Path key = Files.writeString(dir.resolve("apiKey"), SECRET + "\n");
    var config = new ElasticsearchConfig(List.of(url("http")), "r", key.toString(), null, null, null);
    try (var connection = new EsConnection()) {
      var first = connection.client(config, TIMEOUT);
      assertThat(connection.client(config, TIMEOUT)).isSameAs(first);

      Files.writeString(key, "cm90YXRlZC1rZXk=\n"); // the Secret rotated
      var rotated = connection.client(config, TIMEOUT);
      assertThat(rotated).isNotSameAs(first);
      assertThatThrownBy(() -> ping(rotated)).isInstanceOfSatisfying(EsException.class,
          e -> assertThat(e.kind()).isEqualTo(EsException.Kind.UNAUTHORIZED));
      assertThat(authorizations.take()).isEqualTo("ApiKey cm90YXRlZC1rZXk=");
    }
  }

  @Test
  void unreadableSecretAndCaFilesAreNamedBySetting() throws Exception {
    Path empty = Files.writeString(dir.resolve("apiKey"), "  \n");
    Path notPem = Files.writeString(dir.resolve("ca.crt"), "not a certificate");
    assertThatThrownBy(() -> client(new ElasticsearchConfig(List.of(url("http")), "r",
        empty.toString(), null, null, null))).hasMessageContaining("elasticsearch.apiKeyFile")
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> client(new ElasticsearchConfig(List.of(url("http")), "r",
        dir.resolve("missing").toString(), null, null, null))).hasMessageContaining("elasticsearch.apiKeyFile");
    assertThatThrownBy(() -> client(new ElasticsearchConfig(List.of(url("https")), "r", null, null,
        null, notPem.toString()))).hasMessageContaining("elasticsearch.caFile");
  }

  private static ElasticsearchClient client(ElasticsearchConfig config) throws java.io.IOException {
    return new EsConnection().client(config, TIMEOUT);
  }

  private static boolean ping(ElasticsearchClient es) throws EsException {
    return EsFailures.call("ping", () -> es.ping()).value();
  }
}
