package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.ImageKind;
import io.reunir.agent.model.ImageRecord;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.contract.index.IndexLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the images of the node's containers to {@code <prefix>-images}, once per fingerprint in the
 * whole fleet: an image whose manifest document is there (this agent wrote it, or another node's did)
 * is not written again. A missing one gets its package documents first and its manifest only once all
 * of them were acknowledged, so a manifest always means a complete package list. Image documents are
 * shared by every node running the image and never deleted here (the operator removes fingerprints no
 * container references).
 *
 * <p>The fingerprints known complete are remembered between cycles, so an unchanged node asks nothing;
 * a read-back forgets them, so a manifest removed behind the agent is written again within a day.
 */
final class ImageSync {
  private final Set<String> complete = new HashSet<>();

  /** Forgets which images are known complete: the next cycle asks Elasticsearch again. */
  void forget() {
    complete.clear();
  }

  /** Writes the snapshot's images not known complete; returns the documents acknowledged. */
  int send(ElasticsearchClient es, IndexLayout layout, Snapshot snapshot, BulkSender sender)
      throws EsException {
    Map<String, ImageRecord> unknown = new LinkedHashMap<>();
    for (ImageRecord image : ImageKind.images(snapshot)) {
      if (!complete.contains(image.fingerprint())) {
        unknown.put(image.fingerprint(), image);
      }
    }
    if (unknown.isEmpty()) {
      return 0;
    }
    complete.addAll(present(es, layout, List.copyOf(unknown.keySet())));
    unknown.keySet().removeAll(complete);
    int[] written = new int[1];
    List<BulkSender.Item> manifests = new ArrayList<>();
    for (ImageRecord image : unknown.values()) {
      // One image's documents at a time: a node starting many images at once must fit the heap.
      int[] acknowledged = new int[1];
      List<BulkSender.Item> packages = new ArrayList<>();
      for (var doc : packageDocuments(snapshot, image).entrySet()) {
        packages.add(BulkSender.Item.index(layout.images(), doc.getKey(),
            ContentHash.stamp(doc.getValue()).json(), () -> {
              acknowledged[0]++;
              written[0]++;
            }));
      }
      sender.send(packages);
      if (acknowledged[0] < image.packages().size()) {
        continue; // some package document failed: no manifest, so the next cycle tries again
      }
      manifests.add(BulkSender.Item.index(layout.images(), image.fingerprint(),
          ContentHash.stamp(Documents.imageManifestDoc(snapshot, image)).json(), () -> {
            complete.add(image.fingerprint());
            written[0]++;
          }));
    }
    sender.send(manifests);
    return written[0];
  }

  /**
   * The image's package documents by id: {@code <fingerprint>/<type>/<name>/<arch>}, plus the
   * version when rpm lists a name and architecture more than once.
   */
  static Map<String, ObjectNode> packageDocuments(Snapshot snapshot, ImageRecord image) {
    Map<String, Integer> installs = new HashMap<>();
    for (PackageRecord p : image.packages()) {
      installs.merge(key(image, p), 1, Integer::sum);
    }
    Map<String, ObjectNode> docs = new LinkedHashMap<>();
    for (PackageRecord p : image.packages()) {
      String key = key(image, p);
      docs.put(installs.get(key) > 1 ? key + "/" + p.version() : key,
          Documents.imagePackageDoc(snapshot, image, p));
    }
    return docs;
  }

  private static String key(ImageRecord image, PackageRecord p) {
    return image.fingerprint() + "/" + p.type() + "/" + p.name() + "/"
        + (p.architecture() == null ? "" : p.architecture());
  }

  /** The fingerprints whose manifest Elasticsearch holds: one multi-get, no sources. */
  private static Set<String> present(ElasticsearchClient es, IndexLayout layout, List<String> fingerprints)
      throws EsException {
    var answer = EsFailures.call("looking for image manifests in " + layout.images(), () -> es.mget(m -> m
        .index(layout.images()).ids(fingerprints).source(s -> s.fetch(false)), JsonNode.class));
    Set<String> found = new HashSet<>();
    for (var doc : answer.docs()) {
      if (doc.isResult() && doc.result().found()) {
        found.add(doc.result().id());
      }
    }
    return found;
  }
}
