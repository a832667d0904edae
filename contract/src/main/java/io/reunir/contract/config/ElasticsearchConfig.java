package io.reunir.contract.config;

import java.util.List;

/**
 * Where the agent writes. Secrets are never inline: they are paths of files mounted from a Secret,
 * read when a connection is made, so a rotated Secret needs no restart.
 *
 * @param urls one or more base URLs, tried in order
 * @param indexPrefix prefix of the four indices ({@code <prefix>-nodes}, …); default {@code reunir}
 * @param apiKeyFile file holding an API key (the encoded form Elasticsearch returns), or null
 * @param usernameFile file holding a user name for basic auth, or null
 * @param passwordFile file holding the password for basic auth, or null
 * @param caFile PEM file of the CA that signed the server's certificate, or null for the JDK's trust
 */
public record ElasticsearchConfig(
    List<String> urls,
    String indexPrefix,
    String apiKeyFile,
    String usernameFile,
    String passwordFile,
    String caFile) {

  public static final String DEFAULT_INDEX_PREFIX = "reunir";

  public ElasticsearchConfig {
    urls = urls == null ? List.of() : AgentConfig.copy(urls);
    indexPrefix = indexPrefix == null ? DEFAULT_INDEX_PREFIX : indexPrefix;
  }
}
