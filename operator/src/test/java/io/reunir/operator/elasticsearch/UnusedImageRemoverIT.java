package io.reunir.operator.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.doc.Doc;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Image garbage collection against a real Elasticsearch, on the agent's sample image and container
 * documents: the images no container references go, those in use or written within the grace stay,
 * and a read that fails deletes nothing.
 */
@ExtendWith(ElasticsearchExtension.class)
class UnusedImageRemoverIT {
  private static final Path SAMPLES = Path.of("../agent/src/test/resources/samples");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(30));

  ElasticsearchNode node;
  ElasticsearchClient es;
  InventoryStore store;
  IndexLayout layout;

  @BeforeEach
  void connect(ElasticsearchNode node) throws Exception {
    this.node = node;
    String prefix = "gcit" + Long.toHexString(System.nanoTime());
    var endpoint = new EsEndpoint(List.of(node.url()), null, null);
    es = EsClients.connect(endpoint, Duration.ofSeconds(30));
    store = InventoryStore.connect(endpoint, prefix);
    layout = store.layout();
  }

  @AfterEach
  void close() throws IOException {
    store.close();
    es._transport().close();
  }

  @Test
  void imagesNoContainerRunsGoAndImagesInUseOrJustWrittenStay() throws Exception {
    install("images", "containers");
    image("in-use", LONG_AGO, "libssl3", "tzdata");
    image("unused", LONG_AGO, "libssl3", "tzdata", "netbase");
    image("just-written", NOW.minus(Duration.ofMinutes(2)), "libssl3");
    container("node-1", "c1", "in-use");
    refresh();

    var removed = new UnusedImageRemover(at(NOW)).remove(store);

    assertThat(removed).isEqualTo(new UnusedImageRemover.Removed(1, 4)); // 3 packages + manifest
    refresh();
    assertThat(documentsPerImage()).containsExactly(
        java.util.Map.entry("in-use", 3L), java.util.Map.entry("just-written", 2L));

    // Past the grace, an image still unreferenced goes too; one whose container stops goes next.
    assertThat(new UnusedImageRemover(at(NOW.plus(Duration.ofHours(1)))).remove(store).images()).isOne();
    es.delete(d -> d.index(layout.containers()).id("node-1/c1").refresh(Refresh.True));
    assertThat(new UnusedImageRemover(at(NOW)).remove(store).images()).isOne();
    refresh();
    assertThat(documentsPerImage()).isEmpty();
  }

  @Test
  void aListingThatFailsDeletesNothing() throws Exception {
    install("images"); // no containers index: which images are in use cannot be read
    image("unused", LONG_AGO, "libssl3");
    refresh();

    assertThatThrownBy(() -> new UnusedImageRemover(at(NOW)).remove(store))
        .isInstanceOf(InventoryStore.StoreException.class)
        .hasMessageContaining(layout.containers());
    assertThat(documentsPerImage()).containsExactly(java.util.Map.entry("unused", 2L));

    install("containers");
    es.indices().close(c -> c.index(layout.concreteIndex("containers")));
    assertThatThrownBy(() -> new UnusedImageRemover(at(NOW)).remove(store))
        .isInstanceOf(InventoryStore.StoreException.class);
    assertThat(documentsPerImage()).containsExactly(java.util.Map.entry("unused", 2L));
  }

  @Test
  void noImagesIndexIsNothingToDo() throws Exception {
    assertThat(new UnusedImageRemover(at(NOW)).remove(store)).isEqualTo(new UnusedImageRemover.Removed(0, 0));
  }

  private void install(String... names) throws Exception {
    for (String name : names) {
      store.createTemplate(name, IndexTemplates.template(name, layout.prefix()));
      store.createIndex(name);
    }
  }

  /** An image's manifest and one package document per name, from the agent's samples. */
  private void image(String fingerprint, Instant written, String... packages) throws IOException {
    var manifest = sample("image-manifest.json");
    new Doc(manifest).put("@timestamp", written).put("reunir.image.fingerprint", fingerprint);
    es.index(i -> i.index(layout.images()).id(fingerprint).document(manifest));
    for (String name : packages) {
      var pkg = sample("image-package.json");
      new Doc(pkg).put("@timestamp", written).put("reunir.image.fingerprint", fingerprint)
          .put("package.name", name);
      es.index(i -> i.index(layout.images()).id(fingerprint + "/deb/" + name + "/amd64").document(pkg));
    }
  }

  private void container(String host, String id, String fingerprint) throws IOException {
    var doc = sample("container.json");
    new Doc(doc).put("host.name", host).put("container.id", id).put("reunir.container.fingerprint", fingerprint);
    es.index(i -> i.index(layout.containers()).id(host + "/" + id).document(doc));
  }

  private TreeMap<String, Long> documentsPerImage() throws IOException {
    var counts = new TreeMap<String, Long>();
    var hits = es.search(s -> s.index(layout.images()).size(100), ObjectNode.class).hits().hits();
    hits.forEach(h -> counts.merge(h.source().at("/reunir/image/fingerprint").asText(), 1L, Long::sum));
    return counts;
  }

  private void refresh() throws IOException {
    es.indices().refresh(r -> r.index(layout.prefix() + "-*"));
  }

  private static ObjectNode sample(String name) throws IOException {
    return (ObjectNode) JSON.readTree(Files.readString(SAMPLES.resolve(name)));
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
