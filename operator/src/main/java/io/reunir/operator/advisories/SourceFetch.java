package io.reunir.operator.advisories;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reunir.operator.api.AdvisorySourceSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Brings an {@code AdvisorySource}'s export to a local file for {@link AdvisoryImport}: a path is read
 * where it is, a ConfigMap key and a URL are written to a temporary file (the download streams to
 * disk, never into memory). Every failure is an {@link InvalidSource} naming the spec field.
 */
final class SourceFetch {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();

  /** What is wrong with a source, naming the field: for the condition's message. */
  static final class InvalidSource extends Exception {
    InvalidSource(String message) {
      super(message);
    }
  }

  private SourceFetch() {}

  /** What is wrong with the spec's source before anything is fetched; empty when nothing. */
  static Optional<String> validate(AdvisorySourceSpec spec) {
    var source = spec.source();
    if (source == null) {
      return Optional.of("spec.source: one of url, configMap or path is required");
    }
    int set = (source.url() != null ? 1 : 0) + (source.configMap() != null ? 1 : 0)
        + (source.path() != null ? 1 : 0);
    if (set != 1) {
      return Optional.of("spec.source: exactly one of url, configMap or path must be set, not " + set);
    }
    return Optional.empty();
  }

  /** The export as a local path; {@code temp} is the directory for a fetched copy. */
  static Path fetch(KubernetesClient client, String namespace, AdvisorySourceSpec.Location source,
      Path temp) throws InvalidSource, IOException {
    if (source.path() != null) {
      Path path = Path.of(source.path());
      if (!Files.exists(path)) {
        throw new InvalidSource("spec.source.path: " + source.path() + " does not exist");
      }
      return path;
    }
    if (source.configMap() != null) {
      var ref = source.configMap();
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.name()).get();
      if (map == null) {
        throw new InvalidSource("spec.source.configMap.name: ConfigMap " + ref.name() + " not found");
      }
      Path file = temp.resolve("export.json");
      if (map.getData() != null && map.getData().containsKey(ref.key())) {
        Files.writeString(file, map.getData().get(ref.key()), StandardCharsets.UTF_8);
      } else if (map.getBinaryData() != null && map.getBinaryData().containsKey(ref.key())) {
        // A zip export is binary data; the reader tells a zip by its name.
        file = temp.resolve(ref.key().endsWith(".zip") ? "export.zip" : "export.json");
        Files.write(file, Base64.getDecoder().decode(map.getBinaryData().get(ref.key())));
      } else {
        throw new InvalidSource("spec.source.configMap.key: ConfigMap " + ref.name() + " has no key "
            + ref.key());
      }
      return file;
    }
    return download(URI.create(source.url()), temp);
  }

  private static Path download(URI url, Path temp) throws InvalidSource, IOException {
    String name = url.getPath() != null && url.getPath().toLowerCase().endsWith(".zip") ? "export.zip"
        : "export.json";
    Path file = temp.resolve(name);
    HttpResponse<Path> response;
    try {
      response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build(),
          HttpResponse.BodyHandlers.ofFile(file));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("spec.source.url: download interrupted");
    } catch (IOException e) {
      // The URL may carry a token in its query: only scheme, host and path are named.
      throw new InvalidSource("spec.source.url: cannot download from " + printable(url) + " ("
          + e.getClass().getSimpleName() + ")");
    }
    if (response.statusCode() != 200) {
      throw new InvalidSource("spec.source.url: " + printable(url) + " answered HTTP "
          + response.statusCode());
    }
    return file;
  }

  private static String printable(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
        + (url.getPath() == null ? "" : url.getPath());
  }
}
