package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.DocumentKinds;
import io.reunir.agent.model.IndexedKind;
import io.reunir.agent.model.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A snapshot as the documents Elasticsearch should hold for the node: the node document (the heartbeat)
 * and one hashed document per record of each indexed document kind, each with its {@code _id} as in
 * DESIGN.md (a package installed in several versions at once, as rpm allows, adds the version).
 */
public record NodeInventory(NodeKey node, String scanId, String timestamp, ObjectNode heartbeat,
    List<DesiredDocument> documents) {

  /** Which node of which cluster; the cluster may be null when the agent runs outside Kubernetes. */
  public record NodeKey(String cluster, String node) {
    public String id() {
      return (cluster == null ? "" : cluster) + "/" + node;
    }
  }

  /** The node's key, or null when the snapshot names no node (then {@link #of} says so). */
  static NodeKey keyOf(Snapshot snapshot, DocumentContext context) {
    String nodeName = Documents.nodeName(snapshot);
    return nodeName == null || nodeName.isBlank() ? null : new NodeKey(context.clusterName(), nodeName);
  }

  public static NodeInventory of(Snapshot snapshot, DocumentContext context) {
    String nodeName = Documents.nodeName(snapshot);
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("the node has no name: set NODE_NAME or let the os probe run");
    }
    var key = new NodeKey(context.clusterName(), nodeName);
    // The very documents collect prints, so what is indexed never drifts from what people inspect.
    // Each is rendered, hashed and kept as JSON bytes one at a time: holding every document as a
    // tree ran large hosts out of the image's heap (bench/PROFILES.md, "The largest cycle").
    List<DesiredDocument> documents = new ArrayList<>();
    for (IndexedKind<?> kind : DocumentKinds.indexed()) {
      addDocuments(kind, snapshot, context, key, documents);
    }
    ObjectNode heartbeat = Documents.node(snapshot, context);
    ContentHash.stamp(heartbeat);
    return new NodeInventory(key, snapshot.scanId(), snapshot.collectedAt().toString(), heartbeat,
        List.copyOf(documents));
  }

  /**
   * The kind's documents, each with its id: {@code cluster/node/} and the kind's key, plus its
   * variant when several records share the key (rpm installs some names several times: kernels,
   * gpg-pubkey; the version tells them apart).
   */
  private static <R> void addDocuments(IndexedKind<R> kind, Snapshot snapshot, DocumentContext context,
      NodeKey key, List<DesiredDocument> documents) {
    List<R> records = kind.records(snapshot);
    List<String> keys = new ArrayList<>(records.size());
    Map<String, Integer> installs = new HashMap<>();
    for (R record : records) {
      String recordKey = key.id() + "/" + kind.key(record);
      keys.add(recordKey);
      installs.merge(recordKey, 1, Integer::sum);
    }
    Iterator<ObjectNode> sources = kind.render(snapshot, context);
    for (int i = 0; i < records.size(); i++) {
      R record = records.get(i);
      ObjectNode source = sources.next();
      String variant = installs.get(keys.get(i)) > 1 ? kind.variant(record) : null;
      String id = keys.get(i) + (variant != null ? "/" + variant : "");
      var stamped = ContentHash.stamp(source);
      var subject = kind.subject(record);
      documents.add(new DesiredDocument(kind.name(), id, stamped.json(), new StateEntry(kind.name(),
          stamped.hash(), subject.type(), subject.name(), subject.architecture(), subject.value())));
    }
  }
}
