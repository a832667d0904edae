package io.reunir.operator.elasticsearch;

import io.fabric8.kubernetes.api.model.Secret;
import io.reunir.contract.es.EsCredentials;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.es.PemTrust;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.ElasticsearchTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The Secrets a policy names, as the Secrets informer holds them (only those that exist). The
 * validator sees only their keys; values are read to connect and never reach a message.
 */
public record PolicySecrets(Map<String, Secret> byName) {
  public static final String API_KEY = "apiKey";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String CA = "ca.crt";

  public PolicySecrets {
    byName = Map.copyOf(byName);
  }

  /** The Secret names in {@code spec.elasticsearch}: {@code auth.secretName}, {@code tls.caSecretName}. */
  public static Set<String> names(CollectionPolicy policy) {
    var names = new LinkedHashSet<String>();
    ElasticsearchTarget es = policy.getSpec() == null ? null : policy.getSpec().elasticsearch();
    if (es != null && es.auth() != null && es.auth().secretName() != null) {
      names.add(es.auth().secretName());
    }
    if (es != null && es.tls() != null && es.tls().caSecretName() != null) {
      names.add(es.tls().caSecretName());
    }
    return names;
  }

  /** @param lookup a Secret of the policy's namespace by name (the informer's cache) */
  public static PolicySecrets of(CollectionPolicy policy, Function<String, Optional<Secret>> lookup) {
    var found = new HashMap<String, Secret>();
    for (String name : names(policy)) {
      lookup.apply(name).ifPresent(secret -> found.put(name, secret));
    }
    return new PolicySecrets(found);
  }

  /** For each Secret that exists, the keys it holds. */
  public Map<String, Set<String>> keys() {
    var keys = new HashMap<String, Set<String>>();
    byName.forEach((name, secret) -> {
      var present = new HashSet<String>();
      if (secret.getData() != null) {
        present.addAll(secret.getData().keySet());
      }
      if (secret.getStringData() != null) {
        present.addAll(secret.getStringData().keySet());
      }
      keys.put(name, present);
    });
    return keys;
  }

  /**
   * The policy's Elasticsearch as values: every URL, the credentials and the CA from the Secrets.
   * Call after validation (the Secrets exist and hold the keys). Errors name the Secret and key only.
   */
  public EsEndpoint endpoint(CollectionPolicy policy) throws IOException {
    var es = policy.getSpec().elasticsearch();
    EsCredentials credentials = new EsCredentials.None();
    if (es.auth() != null) {
      String name = es.auth().secretName();
      credentials = text(name, API_KEY).<EsCredentials>map(EsCredentials.ApiKey::new)
          .orElse(null);
      if (credentials == null) {
        credentials = new EsCredentials.Basic(required(name, USERNAME), required(name, PASSWORD));
      }
    }
    byte[] ca = null;
    if (es.tls() != null) {
      String name = es.tls().caSecretName();
      ca = bytes(name, CA).orElseThrow(() -> missing(name, CA));
      // Checked here so that a bad certificate is named by its Secret, not by an agent setting.
      PemTrust.context(ca, "spec.elasticsearch.tls.caSecretName: Secret '" + name + "' key " + CA);
    }
    return new EsEndpoint(EsEndpoint.parseUrls(es.urls()), credentials, ca);
  }

  private String required(String secret, String key) throws IOException {
    return text(secret, key).orElseThrow(() -> missing(secret, key));
  }

  /** A credential as the agent reads it from its file: trimmed, one line, no control character. */
  private Optional<String> text(String secret, String key) throws IOException {
    var raw = bytes(secret, key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    String value = new String(raw.get(), StandardCharsets.UTF_8).strip();
    if (value.isEmpty() || value.chars().anyMatch(Character::isISOControl)) {
      throw new IOException("Secret '" + secret + "' key " + key
          + " must be one non-empty line without control characters");
    }
    return Optional.of(value);
  }

  private Optional<byte[]> bytes(String secret, String key) {
    Secret found = byName.get(secret);
    if (found == null) {
      return Optional.empty();
    }
    if (found.getStringData() != null && found.getStringData().containsKey(key)) {
      return Optional.of(found.getStringData().get(key).getBytes(StandardCharsets.UTF_8));
    }
    if (found.getData() != null && found.getData().containsKey(key)) {
      return Optional.of(Base64.getDecoder().decode(found.getData().get(key)));
    }
    return Optional.empty();
  }

  private static IOException missing(String secret, String key) {
    return new IOException("Secret '" + secret + "' has no key " + key);
  }

  @Override
  public String toString() {
    return "PolicySecrets" + byName.keySet();
  }
}
