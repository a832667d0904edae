package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.reunir.contract.config.ElasticsearchConfig;
import java.util.List;

/** The Elasticsearch cluster of a policy and how to reach it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ElasticsearchTarget(
    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Base URLs, tried in order.")
    List<@Pattern(URL_PATTERN) String> urls,
    @Default(DEFAULT_INDEX_PREFIX)
    @Pattern("^[a-z0-9][a-z0-9_-]*$")
    @JsonPropertyDescription("Prefix of the indices: <prefix>-nodes, <prefix>-packages, ...")
    String indexPrefix,
    @JsonPropertyDescription("Secret with key apiKey, or keys username and password.")
    SecretRef auth,
    @JsonPropertyDescription("TLS trust: a Secret with the CA certificate (key ca.crt).")
    TlsSettings tls) {

  public static final String DEFAULT_INDEX_PREFIX = ElasticsearchConfig.DEFAULT_INDEX_PREFIX;
  /** The same URL shape the agent's config accepts. */
  public static final String URL_PATTERN = "^https?://[^\\s/@?#]+(/[^\\s?#]*)?$";

  public String indexPrefixOrDefault() {
    return indexPrefix == null ? DEFAULT_INDEX_PREFIX : indexPrefix;
  }

  /** Names a Secret in the policy's namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SecretRef(
      @Required
      @Pattern(DNS_SUBDOMAIN)
      String secretName) {}

  /** Names the Secret whose {@code ca.crt} signs the server's certificate. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TlsSettings(
      @Required
      @Pattern(DNS_SUBDOMAIN)
      String caSecretName) {}

  static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
}
