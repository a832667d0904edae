package io.reunir.operator.elasticsearch;

import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.sync.EsClient;
import io.reunir.agent.sync.EsException;
import io.reunir.agent.sync.TemplateInstall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the agent's own index templates (and the aliased {@code -v1} indices) the first time a
 * policy points at a cluster and prefix; later policies for the same target skip it. The agent's
 * client reads credentials from files, so they are written to owner-only files for the moment of
 * connecting and deleted right after.
 */
public class TemplateInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(TemplateInstaller.class);
  private final Set<String> installed = ConcurrentHashMap.newKeySet();

  public void ensureOnce(List<String> urls, String prefix, InventoryStore.Credentials credentials)
      throws InventoryStore.StoreException {
    String target = urls + " " + prefix;
    if (installed.contains(target)) {
      return;
    }
    EsClient client;
    Path dir = null;
    try {
      dir = Files.createTempDirectory("reunir-es-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      var config = new ElasticsearchConfig(urls, prefix,
          write(dir, "apiKey", credentials.apiKey()),
          write(dir, "username", credentials.username()),
          write(dir, "password", credentials.password()),
          write(dir, "ca.crt", credentials.caPem()));
      client = EsClient.connect(config);
    } catch (IOException e) {
      // The temporary path changes every time: leave it out so the condition message stays stable.
      String message = String.valueOf(e.getMessage());
      if (dir != null) {
        message = message.replace(dir + "/", "Secret key ");
      }
      throw new InventoryStore.StoreException("cannot use the policy's credentials: " + message, true);
    } finally {
      deleteQuietly(dir);
    }
    try {
      var result = TemplateInstall.ensure(client, prefix);
      LOG.info("index templates for prefix {} at {}: created templates {}, indices {}", prefix, urls,
          result.templatesCreated(), result.indicesCreated());
      installed.add(target);
    } catch (EsException e) {
      boolean unreachable = e.kind() == EsException.Kind.CONNECTION_REFUSED
          || e.kind() == EsException.Kind.TIMEOUT || e.kind() == EsException.Kind.IO;
      throw new InventoryStore.StoreException(
          (unreachable ? "cannot reach " : "installing index templates: ") + e.getMessage(), !unreachable);
    }
  }

  private static String write(Path dir, String name, String value) throws IOException {
    if (value == null) {
      return null;
    }
    Path file = dir.resolve(name);
    Files.writeString(file, value);
    return file.toString();
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete temporary credential files in {}", dir);
    }
  }
}
