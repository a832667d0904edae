package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ServiceRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.model.SnapshotDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A snapshot as the documents Elasticsearch should hold for the node: the node document (the heartbeat)
 * and one hashed document per package and per service, each with its {@code _id} as in DESIGN.md.
 */
public record NodeInventory(NodeKey node, String scanId, String timestamp, ObjectNode heartbeat,
    List<DesiredDocument> documents) {

  /** Which node of which cluster; the cluster may be null when the agent runs outside Kubernetes. */
  public record NodeKey(String cluster, String node) {
    public String id() {
      return (cluster == null ? "" : cluster) + "/" + node;
    }
  }

  public static NodeInventory of(Snapshot snapshot, DocumentContext context) {
    String nodeName = Documents.nodeName(snapshot);
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("the node has no name: set NODE_NAME or let the os probe run");
    }
    var key = new NodeKey(context.clusterName(), nodeName);
    List<DesiredDocument> documents = new ArrayList<>();
    Set<String> inUse = SnapshotDocuments.inUsePackages(snapshot);
    for (PackageRecord pkg : snapshot.packages()) {
      ObjectNode source = Documents.packageDoc(snapshot, context, pkg, inUse.contains(pkg.name()));
      String id = key.id() + "/" + pkg.type() + "/" + pkg.name() + "/" + nullToEmpty(pkg.architecture());
      String hash = ContentHash.stamp(source);
      documents.add(new DesiredDocument("packages", id, source,
          new StateEntry("packages", hash, pkg.type(), pkg.name(), pkg.architecture(), pkg.version())));
    }
    for (ServiceRecord service : snapshot.services()) {
      ObjectNode source = Documents.serviceDoc(snapshot, context, service);
      String hash = ContentHash.stamp(source);
      documents.add(new DesiredDocument("services", key.id() + "/" + service.name(), source,
          new StateEntry("services", hash, null, service.name(), null, service.state())));
    }
    ObjectNode heartbeat = Documents.node(snapshot, context);
    ContentHash.stamp(heartbeat);
    return new NodeInventory(key, snapshot.scanId(), snapshot.collectedAt().toString(), heartbeat,
        List.copyOf(documents));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
