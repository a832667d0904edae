package io.reunir.agent.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A whole snapshot as {@code {"node": {...}, "packages": [...], "services": [...]}}, plus
 * {@code "processes": [...]} when the opt-in processes probe listed any.
 */
public final class SnapshotDocuments {
  private SnapshotDocuments() {}

  public static ObjectNode render(Snapshot snapshot, DocumentContext context) {
    var root = JsonNodeFactory.instance.objectNode();
    root.set("node", Documents.node(snapshot, context));
    var packages = root.putArray("packages");
    Set<String> inUse = inUsePackages(snapshot);
    for (PackageRecord pkg : snapshot.packages()) {
      Boolean used = snapshot.runningProgramsKnown() ? inUse.contains(pkg.name()) : null;
      packages.add(Documents.packageDoc(snapshot, context, pkg, used));
    }
    var services = root.putArray("services");
    for (ServiceRecord service : snapshot.services()) {
      services.add(Documents.serviceDoc(snapshot, context, service));
    }
    if (!snapshot.processes().isEmpty()) {
      var processes = root.putArray("processes");
      for (ProcessRecord process : snapshot.processes()) {
        processes.add(Documents.processDoc(snapshot, context, process));
      }
    }
    return root;
  }

  /**
   * Packages that own the executable of a running service or of a listed process: the ones a
   * vulnerability really touches. Meaningful only when {@link Snapshot#runningProgramsKnown()}.
   */
  public static Set<String> inUsePackages(Snapshot snapshot) {
    Stream<String> services = snapshot.services().stream()
        .filter(s -> "running".equals(s.state()))
        .map(ServiceRecord::packageName);
    Stream<String> processes = snapshot.processes().stream().map(ProcessRecord::packageName);
    return Stream.concat(services, processes).filter(Objects::nonNull).collect(Collectors.toSet());
  }
}
