package io.reunir.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.AgentVersion;
import io.reunir.agent.model.ContainerRecord;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.ImageKind;
import io.reunir.agent.model.ImageRecord;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.OsFacts;
import io.reunir.agent.model.OsRelease;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.packages.DpkgStatusParser;
import io.reunir.agent.sync.ContentHash;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What image deduplication saves at fleet scale: {@code ContainerDedup ES_URL DPKG_STATUS [NODES]}
 * runs one DaemonSet pod per node, every pod the same image, and indexes the agent's own documents
 * two ways into a real Elasticsearch: deduplicated (the image's package documents and manifest once
 * in {@code -images}, one document per container in {@code -containers}) and flat (every container's
 * packages as documents of their own: the image package document plus the container's fields, under
 * a template that maps both). The image is the packages of priority required and important of the
 * given dpkg status (what debootstrap's minbase and a slim image hold). After a refresh and a force
 * merge to one segment it prints {@code key=value} lines: documents and primary store bytes of each.
 */
public final class ContainerDedup {
  private static final Pattern BASE_PRIORITY = Pattern.compile("(?m)^Priority: (required|important)$");
  private static final OsRelease BOOKWORM = new OsRelease("debian", null, "Debian GNU/Linux",
      "Debian GNU/Linux 12 (bookworm)", "12 (bookworm)", "12", "bookworm");
  private static final Instant STARTED = Instant.parse("2026-11-30T08:00:00Z");
  private static final int BULK = 5000;

  private ContainerDedup() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ContainerDedup ES_URL DPKG_STATUS [NODES]");
      System.exit(2);
    }
    int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    var image = new ImageRecord("bench-daemonset-image", BOOKWORM, basePackages(Path.of(args[1])));
    var context = new DocumentContext("bench-fleet", "bench", AgentVersion.current());
    try (var es = new Closing(ReportingCount.connect(args[0]))) {
      var dedup = new IndexLayout("benchdedup");
      var flat = new IndexLayout("benchflat");
      for (String name : List.of("images", "containers")) {
        putTemplate(es.client, dedup, name, IndexTemplates.template(name, dedup.prefix()));
      }
      putTemplate(es.client, flat, "containers", flatTemplate(flat.prefix()));

      var bulk = new Bulk(es.client);
      Snapshot first = node(0, image);
      ImageKind.documents(first, image).forEach(doc -> bulk.add(dedup.images(), imageId(doc), doc));
      for (int n = 0; n < nodes; n++) {
        Snapshot snapshot = node(n, image);
        ContainerRecord container = snapshot.containers().get(0);
        ObjectNode containerDoc = Documents.containerDoc(snapshot, context, container);
        String containerId = snapshot.nodeName() + "/" + container.id();
        bulk.add(dedup.containers(), containerId, containerDoc);
        for (Iterator<ObjectNode> it = perContainer(snapshot, image, containerDoc); it.hasNext(); ) {
          ObjectNode doc = it.next();
          bulk.add(flat.containers(), containerId + "/" + packageKey(doc), doc);
        }
      }
      bulk.flush();
      long[] dedupImages = settle(es.client, dedup.images());
      long[] dedupContainers = settle(es.client, dedup.containers());
      long[] flatDocs = settle(es.client, flat.containers());
      long dedupDocs = dedupImages[0] + dedupContainers[0];
      long dedupBytes = dedupImages[1] + dedupContainers[1];
      System.out.printf("dedup_nodes=%d%ndedup_image_packages=%d%n", nodes, image.packages().size());
      System.out.printf("dedup_images_docs=%d%ndedup_images_bytes=%d%n", dedupImages[0], dedupImages[1]);
      System.out.printf("dedup_containers_docs=%d%ndedup_containers_bytes=%d%n", dedupContainers[0],
          dedupContainers[1]);
      System.out.printf("dedup_docs=%d%ndedup_bytes=%d%nflat_docs=%d%nflat_bytes=%d%n", dedupDocs, dedupBytes,
          flatDocs[0], flatDocs[1]);
      System.out.printf("dedup_docs_ratio=%.1f%ndedup_bytes_ratio=%.1f%n", (double) flatDocs[0] / dedupDocs,
          (double) flatDocs[1] / dedupBytes);
    }
  }

  /** The packages an image built from these priorities holds, parsed by the agent's own reader. */
  static List<PackageRecord> basePackages(Path status) throws Exception {
    var kept = new StringBuilder();
    for (String stanza : Files.readString(status).split("\n\n")) {
      if (BASE_PRIORITY.matcher(stanza).find()) {
        kept.append(stanza.strip()).append("\n\n");
      }
    }
    var parsed = DpkgStatusParser.parse(new ByteArrayInputStream(kept.toString().getBytes(StandardCharsets.UTF_8)),
        DpkgStatusParser.Mode.STATUS);
    if (parsed.packages().isEmpty()) {
      throw new IllegalArgumentException(status + " lists no installed package of priority required or important");
    }
    return parsed.packages();
  }

  /** Node {@code n} of an EKS node group, running one pod of the DaemonSet. */
  static Snapshot node(int n, ImageRecord image) {
    String name = String.format("node-%05d", n);
    var os = new OsFacts(name, String.format("%032x", 0xbe0c0000L + n), null, STARTED, 86_400L,
        "6.1.0-28-amd64", "x86_64", BOOKWORM);
    var kubernetes = new KubernetesFacts(Map.of("eks.amazonaws.com/nodegroup", "general"), List.of(),
        "v1.31.4-eks-aeac579", "containerd://1.7.24", null, "eu-west-1a", "Amazon Linux 2");
    var container = new ContainerRecord(String.format("%064x", 0xc0ffee0000L + n), "containerd",
        new ContainerRecord.PodRef("logging", String.format("fluent-bit-%05d", n), String.format("uid-%05d", n),
            "fluent-bit"), "cr.fluentbit.io/fluent/fluent-bit:3.2.2", List.of(), STARTED,
        ContainerRecord.Content.read(image));
    return Snapshot.builder("bench-" + n, STARTED).nodeName(name).os(os).kubernetes(kubernetes)
        .addContainers(List.of(container)).build();
  }

  /** Without deduplication: each image package document carries its container's fields. */
  static Iterator<ObjectNode> perContainer(Snapshot snapshot, ImageRecord image, ObjectNode containerDoc) {
    return image.packages().stream().map(pkg -> {
      ObjectNode doc = Documents.imagePackageDoc(snapshot, image, pkg);
      containerDoc.properties().forEach(field -> {
        if (field.getKey().equals("reunir")) {
          var reunir = (ObjectNode) field.getValue().deepCopy();
          ((ObjectNode) reunir.path("container")).remove("package_keys");
          ((ObjectNode) doc.path("reunir")).setAll(reunir);
        } else if (!field.getKey().equals("@timestamp")) {
          doc.set(field.getKey(), field.getValue());
        }
      });
      return doc;
    }).iterator();
  }

  /** The agent's ids: {@code <fingerprint>} for a manifest, {@code <fingerprint>/<type>/<name>/<arch>}. */
  static String imageId(ObjectNode doc) {
    String fingerprint = doc.at("/reunir/image/fingerprint").asText();
    return doc.has("package") ? fingerprint + "/" + packageKey(doc) : fingerprint;
  }

  static String packageKey(ObjectNode doc) {
    return doc.at("/package/type").asText() + "/" + doc.at("/package/name").asText() + "/"
        + doc.at("/package/architecture").asText();
  }

  /** The containers template with the images template's mappings merged in: the flat index. */
  static ObjectNode flatTemplate(String prefix) {
    ObjectNode template = IndexTemplates.template("containers", prefix);
    merge((ObjectNode) template.at("/template/mappings/properties"),
        (ObjectNode) IndexTemplates.template("images", prefix).at("/template/mappings/properties"));
    return template;
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    from.properties().forEach(field -> {
      var existing = into.get(field.getKey());
      if (existing instanceof ObjectNode target && field.getValue().has("properties")
          && target.has("properties")) {
        merge((ObjectNode) target.get("properties"), (ObjectNode) field.getValue().get("properties"));
      } else if (existing == null) {
        into.set(field.getKey(), field.getValue());
      }
    });
  }

  private static void putTemplate(ElasticsearchClient es, IndexLayout layout, String name, ObjectNode body)
      throws Exception {
    es.indices().putIndexTemplate(p -> p.withJson(new StringReader(body.toString()))
        .name(layout.templateName(name)));
    es.indices().delete(d -> d.index(layout.concreteIndex(name)).ignoreUnavailable(true));
    es.indices().create(c -> c.index(layout.concreteIndex(name)).aliases(layout.alias(name), a -> a));
  }

  /** Refresh, force merge to one segment, then {documents, primary store bytes}. */
  private static long[] settle(ElasticsearchClient es, String alias) throws Exception {
    es.indices().refresh(r -> r.index(alias));
    es.indices().forcemerge(f -> f.index(alias).maxNumSegments(1L).flush(true));
    var stats = es.indices().stats(s -> s.index(alias).metric("docs", "store")).all().primaries();
    return new long[] {stats.docs().count(), stats.store().sizeInBytes()};
  }

  /** Index actions in batches; any refused item stops the bench. */
  private static final class Bulk {
    private final ElasticsearchClient es;
    private final List<BulkOperation> ops = new ArrayList<>();

    Bulk(ElasticsearchClient es) {
      this.es = es;
    }

    /** As the agent sends a document: stamped with its content hash, as the bytes it hashed. */
    void add(String index, String id, ObjectNode doc) {
      var source = BinaryData.of(ContentHash.stamp(doc).json(), ContentType.APPLICATION_JSON);
      ops.add(BulkOperation.of(o -> o.index(i -> i.index(index).id(id).document(source))));
      if (ops.size() >= BULK) {
        flush();
      }
    }

    void flush() {
      if (ops.isEmpty()) {
        return;
      }
      try {
        var response = es.bulk(b -> b.operations(ops));
        if (response.errors()) {
          throw new IllegalStateException("bulk refused: " + response.items().stream()
              .filter(item -> item.error() != null).findFirst().map(item -> item.error().reason()).orElse(""));
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      ops.clear();
    }
  }

  private record Closing(ElasticsearchClient client) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      client._transport().close();
    }
  }
}
