package io.reunir.operator.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.reunir.contract.es.EsCredentials;
import io.reunir.operator.TestPolicies;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.ElasticsearchTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy's Secrets as values for the Elasticsearch client: what is read, and what is refused. */
class PolicySecretsTest {
  /** A self-signed CA (openssl req -x509, EC P-256) made for these tests; it signs nothing. */
  private static final String CA_PEM = """
      -----BEGIN CERTIFICATE-----
      MIIBhjCCAS2gAwIBAgIUbSm1uwj16No3gu05Trj1R0hogdowCgYIKoZIzj0EAwIw
      GTEXMBUGA1UEAwwOcmV1bmlyLXRlc3QtY2EwHhcNMjYxMjAxMTMwMjUwWhcNMzYx
      MTI4MTMwMjUwWjAZMRcwFQYDVQQDDA5yZXVuaXItdGVzdC1jYTBZMBMGByqGSM49
      AgEGCCqGSM49AwEHA0IABP8bp1cn+zkMEoU3aLsUKz6TWAbNBawsldyCbsrMW8SZ
      iZ8ryFf9DcUsuMDpzUxwUlFlAFFIPfSgsD5/YSrFEdKjUzBRMB0GA1UdDgQWBBQL
      LMbT5DyrxlwORCOMusrNYLq0zzAfBgNVHSMEGDAWgBQLLMbT5DyrxlwORCOMusrN
      YLq0zzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIAzaqFAKLP7/
      LwJZLGRwvc6CUDwZiLLyMLlfQp0uIA/mAiBG87/J7OP0LDhmnBcX5cN6AWUUscr5
      94gx9270jybyWw==
      -----END CERTIFICATE-----
      """;

  private static CollectionPolicy policy(String authSecret, String caSecret) {
    var base = TestPolicies.spec(null);
    var spec = new CollectionPolicySpec(base.schedule(), null, null, null, base.clusterName(),
        new ElasticsearchTarget(List.of("https://es-0.example:9200", "https://es-1.example:9200"), null,
            authSecret == null ? null : new ElasticsearchTarget.SecretRef(authSecret),
            caSecret == null ? null : new ElasticsearchTarget.TlsSettings(caSecret)),
        null);
    return TestPolicies.policy("ns", "p", spec);
  }

  private static Secret secret(String name, Map<String, String> stringData, Map<String, String> data) {
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
        .withStringData(stringData).withData(data).build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static PolicySecrets secrets(CollectionPolicy policy, Secret... found) {
    var byName = new java.util.HashMap<String, Secret>();
    for (Secret s : found) {
      byName.put(s.getMetadata().getName(), s);
    }
    return PolicySecrets.of(policy, name -> Optional.ofNullable(byName.get(name)));
  }

  @Test
  void onlyTheSecretsThePolicyNamesAreLookedUpAndTheirKeysAreWhatTheValidatorSees() {
    var policy = policy("es-credentials", "es-ca");
    assertThat(PolicySecrets.names(policy)).containsExactly("es-credentials", "es-ca");
    var secrets = secrets(policy, secret("es-credentials", null, Map.of("apiKey", base64("k"))),
        secret("unrelated", Map.of("x", "y"), null));
    assertThat(secrets.keys()).isEqualTo(Map.of("es-credentials", Set.of("apiKey")));
    assertThat(PolicySecrets.names(policy(null, null))).isEmpty();
  }

  @Test
  void anApiKeyFromBase64DataIsTrimmedAndEveryUrlIsKept() throws IOException {
    var policy = policy("es-credentials", null);
    var endpoint = secrets(policy, secret("es-credentials", null, Map.of("apiKey", base64("a2V5\n"))))
        .endpoint(policy);
    assertThat(endpoint.credentials()).isEqualTo(new EsCredentials.ApiKey("a2V5"));
    assertThat(endpoint.urls()).containsExactly(URI.create("https://es-0.example:9200"),
        URI.create("https://es-1.example:9200"));
    assertThat(endpoint.caPem()).isNull();
  }

  @Test
  void usernameAndPasswordFromStringDataAreBasicAuth() throws IOException {
    var policy = policy("es-credentials", null);
    var endpoint = secrets(policy, secret("es-credentials",
        Map.of("username", "reunir", "password", "s3cret"), null)).endpoint(policy);
    assertThat(endpoint.credentials()).isEqualTo(new EsCredentials.Basic("reunir", "s3cret"));
  }

  @Test
  void aCredentialWithASecondLineIsRefusedNamingTheKeyNotTheValue() {
    var policy = policy("es-credentials", null);
    var secrets = secrets(policy, secret("es-credentials", Map.of("apiKey", "first\nsecond-half"), null));
    assertThatThrownBy(() -> secrets.endpoint(policy)).isInstanceOf(IOException.class)
        .hasMessage("Secret 'es-credentials' key apiKey must be one non-empty line without control characters")
        .hasMessageNotContaining("second-half");
  }

  @Test
  void aPasswordMissingFromBasicAuthIsNamed() {
    var policy = policy("es-credentials", null);
    var secrets = secrets(policy, secret("es-credentials", Map.of("username", "reunir"), null));
    assertThatThrownBy(() -> secrets.endpoint(policy)).isInstanceOf(IOException.class)
        .hasMessage("Secret 'es-credentials' has no key password");
  }

  @Test
  void aCaFromBase64DataIsPassedAsItsBytes() throws IOException {
    var policy = policy(null, "es-ca");
    var endpoint = secrets(policy, secret("es-ca", null, Map.of("ca.crt", base64(CA_PEM)))).endpoint(policy);
    assertThat(endpoint.caPem()).isEqualTo(CA_PEM.getBytes(StandardCharsets.UTF_8));
    assertThat(endpoint.credentials()).isEqualTo(new EsCredentials.None());
  }

  @Test
  void aCaThatIsNoCertificateIsNamedByItsSecretAndKeyAndNothingOfItIsQuoted() {
    var policy = policy(null, "es-ca");
    var secrets = secrets(policy, secret("es-ca", Map.of("ca.crt", "not-a-pem-c2VjcmV0"), null));
    assertThatThrownBy(() -> secrets.endpoint(policy)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("spec.elasticsearch.tls.caSecretName: Secret 'es-ca' key ca.crt:")
        .hasMessageNotContaining("c2VjcmV0");
  }

  @Test
  void theSecretsTextNamesThemOnly() {
    var policy = policy("es-credentials", null);
    var secrets = secrets(policy, secret("es-credentials", Map.of("apiKey", "hunter2"), null));
    assertThat(secrets.toString()).isEqualTo("PolicySecrets[es-credentials]");
  }
}
