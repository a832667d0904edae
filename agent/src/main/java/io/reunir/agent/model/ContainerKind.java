package io.reunir.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * One document per (node, running container): id the container's id, deleted when it stops; a new
 * fingerprint (packages changed inside a running container) is news. Completeness is per runtime
 * ({@code containers/containerd}), so an unreadable CRI-O state directory keeps CRI-O's documents.
 */
final class ContainerKind implements IndexedKind<ContainerRecord> {
  static final ContainerKind KIND = new ContainerKind();

  private ContainerKind() {}

  @Override
  public String name() {
    return "containers";
  }

  @Override
  public boolean printedWhenEmpty() {
    return false;
  }

  @Override
  public List<ContainerRecord> records(Snapshot snapshot) {
    return snapshot.containers();
  }

  @Override
  public Iterator<ObjectNode> render(Snapshot snapshot, DocumentContext context) {
    return snapshot.containers().stream().map(c -> Documents.containerDoc(snapshot, context, c)).iterator();
  }

  @Override
  public String key(ContainerRecord container) {
    return container.id();
  }

  @Override
  public Subject subject(ContainerRecord container) {
    var image = container.content().image();
    return new Subject(container.runtime(), container.id(), null, image == null ? null : image.fingerprint());
  }

  @Override
  public List<String> sourceFields() {
    return List.of("container.runtime", "container.id", "reunir.container.fingerprint");
  }

  @Override
  public Subject subject(JsonNode source) {
    JsonNode container = source.path("container");
    return new Subject(IndexedKind.text(container.path("runtime")), IndexedKind.text(container.path("id")),
        null, IndexedKind.text(source.path("reunir").path("container").path("fingerprint")));
  }

  @Override
  public String added() {
    return "container_started";
  }

  @Override
  public String removed() {
    return "container_stopped";
  }

  @Override
  public String changed(String before, String now) {
    return before != null && now != null && !Objects.equals(before, now) ? "container_packages_changed" : null;
  }

  @Override
  public void putEventFields(ObjectNode event, ObjectNode reunir, Subject subject, Subject now,
      Subject before) {
    var container = event.putObject("container");
    IndexedKind.putIfNotNull(container, "id", subject.name());
    IndexedKind.putIfNotNull(container, "runtime", subject.type());
    var fields = reunir.putObject("container");
    if (now != null) {
      IndexedKind.putIfNotNull(fields, "fingerprint", now.value());
    }
    if (before != null) {
      IndexedKind.putIfNotNull(fields, "previous_fingerprint", before.value());
    }
  }
}
