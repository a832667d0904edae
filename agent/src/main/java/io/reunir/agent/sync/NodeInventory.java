package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ServiceRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.model.SnapshotDocuments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A snapshot as the documents Elasticsearch should hold for the node: the node document (the heartbeat)
 * and one hashed document per package and per service, each with its {@code _id} as in DESIGN.md
 * (a package installed in several versions at once, as rpm allows, adds the version to its id).
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
    // tree cost about 3 KB per package, and a 10,000-package host ran out of the image's 48 MiB heap.
    List<DesiredDocument> documents = new ArrayList<>();
    Iterator<ObjectNode> packageDocs = SnapshotDocuments.packageDocs(snapshot, context);
    List<PackageRecord> packages = snapshot.packages();
    List<String> keys = new ArrayList<>(packages.size());
    Map<String, Integer> installs = new HashMap<>();
    for (PackageRecord pkg : packages) {
      String packageKey = packageKey(key, pkg);
      keys.add(packageKey);
      installs.merge(packageKey, 1, Integer::sum);
    }
    for (int i = 0; i < packages.size(); i++) {
      PackageRecord pkg = packages.get(i);
      ObjectNode source = packageDocs.next();
      // rpm installs some names several times (kernels, gpg-pubkey): the version tells them apart.
      String id = keys.get(i) + (installs.get(keys.get(i)) > 1 ? "/" + pkg.version() : "");
      var stamped = ContentHash.stamp(source);
      documents.add(new DesiredDocument("packages", id, stamped.json(), new StateEntry("packages",
          stamped.hash(), pkg.type(), pkg.name(), pkg.architecture(), pkg.version())));
    }
    List<ServiceRecord> services = snapshot.services();
    Iterator<ObjectNode> serviceDocs = SnapshotDocuments.serviceDocs(snapshot, context);
    for (int i = 0; i < services.size(); i++) {
      ServiceRecord service = services.get(i);
      ObjectNode source = serviceDocs.next();
      var stamped = ContentHash.stamp(source);
      documents.add(new DesiredDocument("services", key.id() + "/" + service.name(), stamped.json(),
          new StateEntry("services", stamped.hash(), null, service.name(), null, service.state())));
    }
    ObjectNode heartbeat = Documents.node(snapshot, context);
    ContentHash.stamp(heartbeat);
    return new NodeInventory(key, snapshot.scanId(), snapshot.collectedAt().toString(), heartbeat,
        List.copyOf(documents));
  }

  /** {@code cluster/node/type/name/arch}, the id DESIGN.md gives a package document. */
  private static String packageKey(NodeKey key, PackageRecord pkg) {
    return key.id() + "/" + pkg.type() + "/" + pkg.name() + "/"
        + (pkg.architecture() == null ? "" : pkg.architecture());
  }
}
