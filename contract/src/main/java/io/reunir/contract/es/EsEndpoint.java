package io.reunir.contract.es;

import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.config.EsUrls;
import io.reunir.contract.config.SecretFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how to reach Elasticsearch, as values: every URL (requests fail over among them), the
 * credentials, and the CA certificates to trust (null: the JDK's).
 */
public record EsEndpoint(List<URI> urls, EsCredentials credentials, byte[] caPem) {
  public EsEndpoint {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("elasticsearch.urls: at least one URL is required");
    }
    credentials = credentials == null ? new EsCredentials.None() : credentials;
  }

  /** Checks every URL with the rules both sides share; an error names the index of the bad one. */
  public static List<URI> parseUrls(List<String> urls) throws IOException {
    var parsed = new ArrayList<URI>();
    for (int i = 0; i < urls.size(); i++) {
      try {
        parsed.add(EsUrls.parse(urls.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IOException("elasticsearch.urls[" + i + "]: " + e.getMessage());
      }
    }
    return parsed;
  }

  /**
   * The agent's side: reads the credential and CA files named by the config now, so a rotated Secret
   * is picked up by the next connection. A missing or bad file is an error naming the setting.
   */
  public static EsEndpoint fromConfig(ElasticsearchConfig config) throws IOException {
    EsCredentials credentials = new EsCredentials.None();
    if (config.apiKeyFile() != null) {
      credentials = new EsCredentials.ApiKey(SecretFile.API_KEY.read(config.apiKeyFile()));
    } else if (config.usernameFile() != null) {
      credentials = new EsCredentials.Basic(SecretFile.USERNAME.read(config.usernameFile()),
          SecretFile.PASSWORD.read(config.passwordFile()));
    }
    byte[] ca = config.caFile() == null ? null : readCa(Path.of(config.caFile()));
    return new EsEndpoint(parseUrls(config.urls()), credentials, ca);
  }

  private static byte[] readCa(Path caFile) throws IOException {
    try {
      return Files.readAllBytes(caFile);
    } catch (NoSuchFileException e) {
      throw new IOException("elasticsearch.caFile: " + caFile + " does not exist");
    } catch (IOException e) {
      throw new IOException("elasticsearch.caFile: cannot read " + caFile + " ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** The same URLs, credentials and CA content: a client built for one serves the other. */
  @Override
  public boolean equals(Object other) {
    return other instanceof EsEndpoint that && urls.equals(that.urls)
        && credentials.equals(that.credentials) && java.util.Arrays.equals(caPem, that.caPem);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * urls.hashCode() + credentials.hashCode()) + java.util.Arrays.hashCode(caPem);
  }

  @Override
  public String toString() {
    return "EsEndpoint" + urls + " " + credentials;
  }
}
