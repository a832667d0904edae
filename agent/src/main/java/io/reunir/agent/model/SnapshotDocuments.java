package io.reunir.agent.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.stream.Collectors;

/** A whole snapshot as {@code {"node": {...}, "packages": [...], "services": [...]}}. */
public final class SnapshotDocuments {
  private SnapshotDocuments() {}

  public static ObjectNode render(Snapshot snapshot, DocumentContext context) {
    var root = JsonNodeFactory.instance.objectNode();
    root.set("node", Documents.node(snapshot, context));
    var packages = root.putArray("packages");
    Set<String> inUse = inUsePackages(snapshot);
    for (PackageRecord pkg : snapshot.packages()) {
      packages.add(Documents.packageDoc(snapshot, context, pkg, inUse.contains(pkg.name())));
    }
    var services = root.putArray("services");
    for (ServiceRecord service : snapshot.services()) {
      services.add(Documents.serviceDoc(snapshot, context, service));
    }
    return root;
  }

  /** Packages that own the executable of a running service: the ones a vulnerability really touches. */
  public static Set<String> inUsePackages(Snapshot snapshot) {
    return snapshot.services().stream()
        .filter(s -> "running".equals(s.state()) && s.packageName() != null)
        .map(ServiceRecord::packageName)
        .collect(Collectors.toSet());
  }
}
